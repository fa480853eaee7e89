namespace CoCreation.LoadTests.Workloads;

/// <summary>Idempotency keys that are UUIDs (version 4 layout), unique per (stream of keys, index) and the same on every run.</summary>
internal static class Keys
{
    public static Guid For(long stream, int index)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, index);
        BitConverter.TryWriteBytes(bytes[8..], stream);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
