namespace CallResponse.Testing;

/// <summary>Finds the services' build output from the test assembly's own location.</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallResponse.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CallResponse.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>Debug or Release: the services are run from the same configuration as the tests.</summary>
    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";

    /// <summary>A file of the repository, by its path from the root.</summary>
    public static string SourceFile(string relativePath) => Path.Combine(Root.Value, relativePath);

    /// <summary>The built assembly of a service, e.g. <c>src/Intake/bin/Release/net10.0/CallResponse.Intake.dll</c>.</summary>
    public static string ServiceAssembly(string service)
    {
        var folder = char.ToUpperInvariant(service[0]) + service[1..];
        var path = Path.Combine(Root.Value, "src", folder, "bin", Configuration, "net10.0", $"CallResponse.{folder}.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{service} is not built in {Configuration}: build the solution first (./deploy/test does).", path);
    }
}
