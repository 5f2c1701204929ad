using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using Functional.Core.Model;
using Functional.Core.Optim;

namespace Functional.Core.Serialization;

/// <summary>
/// A generic tagged encoding of optimizer states. Every concrete <see cref="TransformState"/> is a positional
/// record holding only ints, doubles, parameter trees (<see cref="ParameterTree"/>) and nested states, so a state is
/// written as <c>{"type": "ScaleByAdamState", "count": 3, "mu": [layers], "nu": [layers]}</c>: the record's
/// type name, then its constructor parameters in order, in snake case. Trees are written as the model's
/// layers are (their shape and activations are the model's). Reading rebuilds the exact record type through
/// its constructor and rejects unknown type names, unknown or missing fields, negative counts, non-finite
/// numbers and trees not shaped like the model.
/// </summary>
internal static class TransformStateJson
{
    private static readonly Lazy<ImmutableSortedDictionary<string, StateShape>> Shapes = new(Discover);

    /// <summary>The state record types the encoding knows, by JSON type name.</summary>
    public static ImmutableSortedDictionary<string, StateShape> Known => Shapes.Value;

    /// <summary>
    /// Writes <paramref name="state"/>. Throws <see cref="ArgumentException"/> for a non-finite number and
    /// <see cref="InvalidOperationException"/> for a state type the encoding does not know.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, TransformState state, string what = "the optimizer state")
    {
        ArgumentNullException.ThrowIfNull(state);
        var shape = ShapeOf(state.GetType());
        writer.WriteStartObject();
        writer.WriteString("type", shape.Name);
        foreach (var field in shape.Fields)
        {
            writer.WritePropertyName(field.JsonName);
            object? value = field.Property.GetValue(state);
            string inner = $"{what} ({shape.Name}.{field.Property.Name})";
            switch (value)
            {
                case int i:
                    writer.WriteNumberValue(i);
                    break;
                case double d when double.IsFinite(d):
                    writer.WriteNumberValue(d);
                    break;
                case double d:
                    throw new ArgumentException($"{inner} is {d}; only finite numbers can be saved");
                case ParameterTree tree:
                    ModelJson.WriteLayers(writer, tree, inner);
                    break;
                case TransformState nested:
                    Write(writer, nested, inner);
                    break;
                case ImmutableArray<TransformState> states:
                    writer.WriteStartArray();
                    foreach (var nested in states)
                    {
                        Write(writer, nested, inner);
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    throw new InvalidOperationException($"{shape.Name}.{field.Property.Name} has a value the state encoding does not support ({value?.GetType().Name ?? "null"})");
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads a state whose trees are shaped like <paramref name="model"/>. When <paramref name="expected"/>
    /// is given (the optimizer's freshly initialised state), the read state must have the same record types
    /// at every level and the same number of chained states. Throws <see cref="ModelFormatException"/>.
    /// </summary>
    public static TransformState Read(JsonField field, Mlp model, TransformState? expected = null)
    {
        string type = field.Required("type").String();
        if (!Known.TryGetValue(type, out var shape))
        {
            throw field.Error($"unknown optimizer state type \"{JsonField.Printable(type)}\" (known: {string.Join(", ", Known.Keys)})");
        }

        if (expected is not null && expected.GetType() != shape.Type)
        {
            throw field.Error($"the optimizer keeps {expected.GetType().Name} here, the file has {type}");
        }

        field.Object(["type", .. shape.Fields.Select(f => f.JsonName)]);
        var arguments = new object[shape.Fields.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            var spec = shape.Fields[i];
            object? expectedValue = expected is null ? null : spec.Property.GetValue(expected);
            arguments[i] = ReadValue(field.Required(spec.JsonName), spec.Type, model, expectedValue);
        }

        try
        {
            return (TransformState)shape.Constructor.Invoke(arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
        {
            throw field.Error(inner.Message);
        }
    }

    private static object ReadValue(JsonField field, Type type, Mlp model, object? expected)
    {
        if (type == typeof(int))
        {
            // Every int a state holds is a count of updates.
            return field.Int(0);
        }

        if (type == typeof(double))
        {
            return field.Double();
        }

        if (type == typeof(ParameterTree))
        {
            return ModelJson.ReadLayers(field, model.Layout, model.Activations).Parameters;
        }

        if (type == typeof(TransformState))
        {
            return Read(field, model, expected as TransformState);
        }

        // ImmutableArray<TransformState>: the chain's states.
        var items = field.Items();
        var expectedStates = expected is ImmutableArray<TransformState> e ? e : (ImmutableArray<TransformState>?)null;
        if (expectedStates is { } states && states.Length != items.Length)
        {
            throw field.Error($"the optimizer chains {states.Length} transformations, the file has {items.Length} states");
        }

        var builder = ImmutableArray.CreateBuilder<TransformState>(items.Length);
        for (int i = 0; i < items.Length; i++)
        {
            builder.Add(Read(items[i], model, expectedStates?[i]));
        }

        return builder.MoveToImmutable();
    }

    private static StateShape ShapeOf(Type type) =>
        Known.Values.FirstOrDefault(s => s.Type == type)
        ?? throw new InvalidOperationException($"the optimizer state type {type.FullName} cannot be saved: only the public state records of Functional.Core are supported");

    private static ImmutableSortedDictionary<string, StateShape> Discover()
    {
        var supported = new[] { typeof(int), typeof(double), typeof(ParameterTree), typeof(TransformState), typeof(ImmutableArray<TransformState>) };
        var shapes = ImmutableSortedDictionary.CreateBuilder<string, StateShape>(StringComparer.Ordinal);
        foreach (var type in typeof(TransformState).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(TransformState)) && !t.IsAbstract && t.IsPublic))
        {
            // The primary constructor of a positional record: the public one with the most parameters.
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            var fields = constructor.GetParameters().Select(p => new StateField(
                SnakeCase(p.Name!),
                p.ParameterType,
                type.GetProperty(p.Name!) ?? throw new InvalidOperationException($"{type.Name}: no property for parameter {p.Name}"))).ToImmutableArray();
            if (fields.FirstOrDefault(f => !supported.Contains(f.Type)) is { } unsupported)
            {
                throw new InvalidOperationException($"{type.Name}.{unsupported.Property.Name} has type {unsupported.Type.Name}, which the state encoding does not support");
            }

            shapes.Add(type.Name, new StateShape(type.Name, type, constructor, fields));
        }

        return shapes.ToImmutable();
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>A state record type: its JSON name, constructor and fields in constructor order.</summary>
    internal sealed record StateShape(string Name, Type Type, ConstructorInfo Constructor, ImmutableArray<StateField> Fields);

    /// <summary>One constructor parameter of a state record and the property that reads it back.</summary>
    internal sealed record StateField(string JsonName, Type Type, PropertyInfo Property);
}
