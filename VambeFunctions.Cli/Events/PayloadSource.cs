using VambeFunctions.Cli.Infrastructure;

namespace VambeFunctions.Cli.Events;

/// <summary>A webhook body to send: a saved file, or the sample for a topic from the repository's samples folder.</summary>
public sealed record PayloadSource(string Name, byte[] Body)
{
    private const string SamplesFolder = "samples";

    /// <summary>
    /// Reads <paramref name="fileOrTopic"/> as a file path (relative to the working folder), or
    /// else as <c>samples/{name}.json</c> in the repository that contains the working folder or this tool.
    /// </summary>
    public static PayloadSource Load(string fileOrTopic, CliEnvironment environment)
    {
        var path = Path.Combine(environment.WorkingDirectory, fileOrTopic);
        if (File.Exists(path))
        {
            return new PayloadSource(Path.GetFileName(path), File.ReadAllBytes(path));
        }

        var samples = FindSamplesFolder(environment.WorkingDirectory) ?? FindSamplesFolder(AppContext.BaseDirectory);
        var sampleName = fileOrTopic.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? fileOrTopic : fileOrTopic + ".json";
        if (samples is not null && !sampleName.Contains('/') && !sampleName.Contains('\\')
            && File.Exists(Path.Combine(samples, sampleName)))
        {
            return new PayloadSource($"{SamplesFolder}/{sampleName}", File.ReadAllBytes(Path.Combine(samples, sampleName)));
        }

        var known = samples is null
            ? "No samples folder was found above the working folder."
            : "Samples: " + string.Join(", ", Directory.GetFiles(samples, "*.json").Select(Path.GetFileNameWithoutExtension).Order());
        throw new CliException(ExitCodes.NotFound, $"No file or sample named '{fileOrTopic}'. {known}");
    }

    private static string? FindSamplesFolder(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var samples = Path.Combine(directory.FullName, SamplesFolder);
            if (File.Exists(Path.Combine(directory.FullName, "VambeFunctions.sln")) && Directory.Exists(samples))
            {
                return samples;
            }
        }

        return null;
    }
}
