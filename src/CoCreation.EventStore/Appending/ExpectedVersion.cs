namespace CoCreation.EventStore;

/// <summary>What an append expects the stream's current version to be (optimistic concurrency).</summary>
public readonly record struct ExpectedVersion
{
    private const long AnyValue = -1;

    private ExpectedVersion(long value) => Value = value;

    /// <summary>The expected current version; -1 means any.</summary>
    public long Value { get; }

    /// <summary>Append whatever the stream's version is (creating it if needed).</summary>
    public static ExpectedVersion Any { get; } = new(AnyValue);

    /// <summary>The stream must not exist yet.</summary>
    public static ExpectedVersion NoStream { get; } = new(0);

    /// <summary>The stream's current version must be exactly <paramref name="version"/>.</summary>
    public static ExpectedVersion Exactly(long version)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        return new ExpectedVersion(version);
    }

    /// <summary>True when any version is acceptable.</summary>
    public bool IsAny => Value == AnyValue;

    /// <inheritdoc />
    public override string ToString() => IsAny ? "any" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
