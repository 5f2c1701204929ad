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
    case "profile":
        Profile.Run();
        Profile.Run("1,64,64,1", 25);
        Profile.Run("1,10,10,10,1", 100);
        break;
    default:
        Console.Error.WriteLine("usage: Functional.Benchmarks profile | micro [BenchmarkDotNet args] | whole-run [repeats]");
        return 2;
}

return 0;
