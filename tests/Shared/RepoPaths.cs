namespace ReferralTraining.Tests.Shared;

/// <summary>Locates the repository from the test binaries (the folder holding ReferralTraining.sln).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Content => Path.Combine(Root, "content");

    public static string FixtureContent => Path.Combine(Root, "tests", "fixtures", "content");

    /// <summary>Copies the fixture content to a fresh temporary folder a test may change freely.</summary>
    public static string CopyFixtureContent()
    {
        var target = Path.Combine(Path.GetTempPath(), "rt-content-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.GetFiles(FixtureContent, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(FixtureContent, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReferralTraining.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Could not find ReferralTraining.sln above " + AppContext.BaseDirectory);
    }
}
