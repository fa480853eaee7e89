namespace CoCreation.Browser.Tests.Hosting;

/// <summary>Where screenshots go: <c>TestResults/screenshots</c> beside the solution, the test command's results directory.</summary>
public static class Screenshots
{
    public static string Directory { get; } = Locate();

    public static string PathFor(string name) => Path.Combine(Directory, $"{name}.png");

    private static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CoCreation.sln"))) dir = dir.Parent;
        var root = dir?.FullName ?? AppContext.BaseDirectory;
        var screenshots = Path.Combine(root, "TestResults", "screenshots");
        System.IO.Directory.CreateDirectory(screenshots);
        return screenshots;
    }
}
