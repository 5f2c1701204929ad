using BenchmarkDotNet.Running;
using Functional.Benchmarks;

switch (args.FirstOrDefault())
{
    case "denormals":
        Denormals.Run();
        break;
    case "loop":
        LoopProfile.Run();
        break;
    case "tiny":
        TinyCount.Run();
        break;
    case "update":
        UpdateProfile.Run();
        break;
    case "micro":
        BenchmarkSwitcher.FromAssembly(typeof(StepBenchmarks).Assembly).Run(args[1..]);
        break;
    case "orders":
        OrderProfile.Run();
        break;
    case "whole-run":
        WholeRun.Run(args.Length > 1 ? int.Parse(args[1]) : 5);
        break;
    case "profile":
        Profile.Run();
        Profile.Run("1,64,64,1", 25);
        Profile.Run("1,10,10,10,1", 100);
        break;
    default:
        Console.Error.WriteLine("usage: Functional.Benchmarks profile | orders | micro [BenchmarkDotNet args] | whole-run [repeats]");
        return 2;
}

return 0;
