namespace CoCreation.LoadTests.Infrastructure;

internal static class Repository
{
    /// <summary>The checkout this tool runs in: the nearest folder above the current one holding CoCreation.sln.</summary>
    public static string Root()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CoCreation.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("Run the load generator from inside the CoCreation checkout (no CoCreation.sln above the current folder).");
    }
}
