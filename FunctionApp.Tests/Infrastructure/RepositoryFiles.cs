namespace VambeFunctions.Tests.Infrastructure;

/// <summary>Paths of repository files that tests read, found from the test assembly's folder.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string HostJson => Path.Combine(Root, "host.json");

    public static string SamplesFolder => Path.Combine(Root, "samples");

    /// <summary>The function app's build output, which contains the generated functions.metadata.</summary>
    public static string FunctionAppOutput =>
        Path.Combine(Root, "FunctionApp", "bin", Configuration, "net10.0");

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}")
            ? "Release"
            : "Debug";

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VambeFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No VambeFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
