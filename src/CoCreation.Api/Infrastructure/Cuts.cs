namespace CoCreation.Api.Infrastructure;

/// <summary>A segment of a topic's answers (an item's prices, a question's ballots): a channel, a region, both, or neither (<see cref="Any"/> = not filtered).</summary>
/// <remarks>Shared by every live projection that cuts by channel and region (prices, ballots).</remarks>
internal readonly record struct CutKey(int Channel, int Region)
{
    public const int Any = -1;

    public static CutKey All { get; } = new(Any, Any);

    /// <summary>The cuts an answer through <paramref name="channel"/> from <paramref name="region"/> (<see cref="Any"/> = none given) is counted in.</summary>
    public static CutKey[] Of(int channel, int region) => region == Any
        ? [All, new(channel, Any)]
        : [All, new(channel, Any), new(Any, region), new(channel, region)];
}

/// <summary>Distinct strings of one kind (channels, regions) numbered in order of first appearance.</summary>
internal sealed class Labels
{
    private readonly List<string> _values = [];
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Values => _values;

    public int Intern(string value)
    {
        if (_indexes.TryGetValue(value, out var index)) return index;
        _values.Add(value);
        return _indexes[value] = _values.Count - 1;
    }

    public int? Find(string value) => _indexes.TryGetValue(value, out var index) ? index : null;

    /// <summary>Writes the values in index order, for a snapshot.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_values.Count);
        foreach (var value in _values) writer.Write(value);
    }

    /// <summary>Interns the values a <see cref="WriteTo"/> wrote, so they get the indexes they had.</summary>
    public void ReadFrom(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++) Intern(reader.ReadString());
    }
}
