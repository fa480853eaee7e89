using System.Globalization;

namespace CoCreation.LoadTests.Infrastructure;

/// <summary>CPU time and memory of a process on this machine, read from /proc (Linux).</summary>
internal sealed class ProcessStats(int processId)
{
    public int ProcessId { get; } = processId;

    /// <summary>User + system CPU seconds used so far (fields utime and stime of /proc/{pid}/stat, at 100 ticks a second).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{ProcessId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Peak resident memory so far (VmHWM), in MB.</summary>
    public double PeakMemoryMb() => StatusKb("VmHWM") / 1024.0;

    /// <summary>Resident memory now (VmRSS), in MB.</summary>
    public double MemoryMb() => StatusKb("VmRSS") / 1024.0;

    private long StatusKb(string name)
    {
        foreach (var line in File.ReadLines($"/proc/{ProcessId}/status"))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
