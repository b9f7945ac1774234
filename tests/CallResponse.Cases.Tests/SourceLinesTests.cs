using CallResponse.Testing;

namespace CallResponse.Cases.Tests;

/// <summary>The code under <c>src/</c> and <c>contracts/</c> reads without side-scrolling: no line over 120 characters.</summary>
public sealed class SourceLinesTests
{
    public const int MaxLength = 120;

    [Fact]
    public void No_source_line_is_longer_than_120_characters()
    {
        var root = RepositoryLayout.SourceFile(string.Empty);
        var wide = new[] { "src", "contracts" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, number: index + 1, line.Length)))
            .Where(found => found.Length > MaxLength)
            .Select(found => $"{Path.GetRelativePath(root, found.file)}:{found.number} ({found.Length})")
            .ToList();

        Assert.True(wide.Count == 0, $"{wide.Count} lines over {MaxLength} characters:\n{string.Join("\n", wide.Take(20))}");
    }
}
