using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Functional.Core.Model;

namespace Functional.Properties.Tests.Docs;

/// <summary>
/// No public property or field of Functional.Core hands out something that can be written: no MathNet matrix or
/// vector, no array, no mutable collection, no immutable collection of such things, no public setter that is not
/// init-only, and no static value whose runtime object is a writable collection behind a read-only interface.
/// </summary>
public class ImmutableSurfaceTests
{
    [Fact]
    public void No_public_property_or_field_of_Core_is_of_a_mutable_type()
    {
        var problems = Problems(typeof(Mlp).Assembly);
        Assert.True(problems.Count == 0, "Public members of mutable type:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_check_recognises_mutable_types()
    {
        Assert.True(IsMutable(typeof(MathNet.Numerics.LinearAlgebra.Matrix<double>)));
        Assert.True(IsMutable(typeof(MathNet.Numerics.LinearAlgebra.Vector<double>)));
        Assert.True(IsMutable(typeof(double[])));
        Assert.True(IsMutable(typeof(List<int>)));
        Assert.True(IsMutable(typeof(Dictionary<string, int>)));
        Assert.True(IsMutable(typeof(IList<int>)));
        Assert.True(IsMutable(typeof(ImmutableArray<double[]>)));
        Assert.True(IsMutable(typeof(ImmutableArray<MathNet.Numerics.LinearAlgebra.Matrix<double>>)));
        Assert.True(IsMutable(typeof(IReadOnlyList<List<int>>)));
        Assert.True(IsMutable(typeof((int, double[]))));
        Assert.True(IsMutable(typeof(Memory<double>)));
        Assert.False(IsMutable(typeof(ImmutableArray<int>)));
        Assert.False(IsMutable(typeof(IReadOnlyList<string>)));
        Assert.False(IsMutable(typeof(ImmutableSortedDictionary<string, string>)));
        Assert.False(IsMutable(typeof(Core.ReadOnlyMatrix)));
        Assert.False(IsMutable(typeof(Func<TimeSpan>)));
        Assert.True(IsWritable(new[] { "a" }));
        Assert.False(IsWritable(ImmutableArray.Create("a")));
        Assert.False(IsWritable(new List<string> { "a" }.AsReadOnly()));
    }

    internal static List<string> Problems(Assembly assembly)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var problems = new List<string>();
        foreach (var type in assembly.GetExportedTypes().Where(t => !typeof(Delegate).IsAssignableFrom(t)))
        {
            foreach (var property in type.GetProperties(flags).Where(p => p.GetMethod?.IsPublic == true))
            {
                string name = $"{type.FullName}.{property.Name}";
                if (IsMutable(property.PropertyType))
                {
                    problems.Add($"{name}: {property.PropertyType}");
                }

                if (property.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter))
                {
                    problems.Add($"{name}: has a public setter");
                }

                if (property.GetMethod!.IsStatic && property.GetIndexParameters().Length == 0 && !type.ContainsGenericParameters &&
                    IsWritable(property.GetValue(null)))
                {
                    problems.Add($"{name}: holds a writable {property.GetValue(null)!.GetType()}");
                }
            }

            foreach (var field in type.GetFields(flags).Where(f => !type.IsEnum))
            {
                string name = $"{type.FullName}.{field.Name}";
                if (IsMutable(field.FieldType))
                {
                    problems.Add($"{name}: {field.FieldType}");
                }

                if (!field.IsInitOnly && !field.IsLiteral)
                {
                    problems.Add($"{name}: is a writable field");
                }
            }
        }

        return problems;
    }

    /// <summary>True when a value of the declared type can be written through (or holds such values).</summary>
    internal static bool IsMutable(Type type)
    {
        if (type.IsArray || type.IsPointer || type.IsByRef)
        {
            return true;
        }

        if (type.Namespace?.StartsWith("MathNet.Numerics.LinearAlgebra", StringComparison.Ordinal) == true ||
            type == typeof(StringBuilder) || typeof(Stream).IsAssignableFrom(type))
        {
            return true;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(Memory<>) || definition == typeof(Span<>) || definition == typeof(ArraySegment<>))
            {
                return true;
            }
        }

        bool immutableCollection = type.Namespace == "System.Collections.Immutable";
        if (!immutableCollection && IsWritableCollectionType(type))
        {
            return true;
        }

        // Containers are as mutable as what they contain (ImmutableArray<Matrix<double>>, IReadOnlyList<T[]>,
        // tuples, Nullable<T>); delegates are immutable whatever their signature.
        return type.IsGenericType && !typeof(Delegate).IsAssignableFrom(type) && type.GetGenericArguments().Any(IsMutable);
    }

    // Mutable collection types and interfaces: List<T>, Dictionary<K, V>, HashSet<T>, IList<T>, ICollection<T>,
    // IDictionary<K, V>, ISet<T>, and the non-generic IList and IDictionary.
    private static bool IsWritableCollectionType(Type type)
    {
        static bool Writable(Type i) =>
            i == typeof(IList) || i == typeof(IDictionary) ||
            (i.IsGenericType && i.GetGenericTypeDefinition() is var d &&
             (d == typeof(ICollection<>) || d == typeof(IList<>) || d == typeof(IDictionary<,>) || d == typeof(ISet<>)));

        return Writable(type) || type.GetInterfaces().Any(Writable);
    }

    /// <summary>True when a runtime value is a collection that accepts writes (an array behind IReadOnlyList, say).</summary>
    internal static bool IsWritable(object? value) => value switch
    {
        null => false,
        Array => true,
        IList list => !list.IsReadOnly,
        IDictionary dictionary => !dictionary.IsReadOnly,
        _ => IsMutable(value.GetType()),
    };

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
