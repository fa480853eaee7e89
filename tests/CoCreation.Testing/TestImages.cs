using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CoCreation.Testing;

/// <summary>
/// Small, genuinely valid image files written from the formats' specifications (so tests need no image tool), and
/// ways to spoil them. The CRC here is the bitwise textbook one, independent of the code under test.
/// </summary>
public static class TestImages
{
    /// <summary>An 8-bit RGB PNG filled with one colour: IHDR, zlib-compressed scanlines in IDAT, IEND.</summary>
    /// <param name="idat">Replaces the image data (to declare a size without the pixels to go with it).</param>
    public static byte[] Png(int width, int height, byte red = 200, byte green = 30, byte blue = 30, byte[]? idat = null)
    {
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        WriteChunk(file, "IHDR", header);
        WriteChunk(file, "IDAT", idat ?? Compress(width, height, red, green, blue));
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>
    /// A baseline greyscale JPEG of mid-grey: JFIF, a quantisation table, SOF0, one-symbol Huffman tables (DC category
    /// 0, AC end-of-block, each the 1-bit code 0), and a scan of 2 bits per 8×8 block.
    /// </summary>
    public static byte[] Jpeg(int width, int height, bool withFrameHeader = true)
    {
        using var file = new MemoryStream();
        file.Write([0xFF, 0xD8]);
        Segment(file, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        Segment(file, 0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        if (withFrameHeader)
        {
            Segment(file, 0xC0, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0]);
        }
        Segment(file, 0xC4, [0x00, 1, .. new byte[15], 0x00]);
        Segment(file, 0xC4, [0x10, 1, .. new byte[15], 0x00]);
        Segment(file, 0xDA, [1, 1, 0x00, 0, 63, 0]);
        var blocks = ((width + 7) / 8) * ((height + 7) / 8);
        var bits = blocks * 2;
        var scan = new byte[(bits + 7) / 8];
        if (bits % 8 != 0) scan[^1] = (byte)((1 << (8 - bits % 8)) - 1); // pad the last byte with 1 bits
        file.Write(scan);
        file.Write([0xFF, 0xD9]);
        return file.ToArray();
    }

    /// <summary>
    /// A lossless WebP (VP8L) of one colour: no transforms, no colour cache, five simple one-symbol prefix codes, so
    /// every pixel takes zero bits.
    /// </summary>
    public static byte[] WebPLossless(int width, int height) => Riff(("VP8L", Vp8L(width, height)));

    /// <summary>An extended WebP: a VP8X chunk with the canvas size, then the VP8L image.</summary>
    public static byte[] WebPExtended(int width, int height)
    {
        var vp8x = new byte[10];
        WriteUInt24(vp8x.AsSpan(4), width - 1);
        WriteUInt24(vp8x.AsSpan(7), height - 1);
        return Riff(("VP8X", vp8x), ("VP8L", Vp8L(width, height)));
    }

    /// <summary>A lossy WebP's container and VP8 key-frame header (tag, start code, size); the partitions are filler.</summary>
    public static byte[] WebPLossyHeader(int width, int height)
    {
        var vp8 = new byte[30];
        vp8[0] = 0x10; // key frame, version 0, shown; first partition size in the remaining bits
        vp8[3] = 0x9D;
        vp8[4] = 0x01;
        vp8[5] = 0x2A;
        BinaryPrimitives.WriteUInt16LittleEndian(vp8.AsSpan(6), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(vp8.AsSpan(8), (ushort)height);
        return Riff(("VP8 ", vp8));
    }

    public static byte[] Svg() => Encoding.UTF8.GetBytes("""<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100"/></svg>""");

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }

    private static byte[] Compress(int width, int height, byte red, byte green, byte blue)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var row = new byte[1 + 3 * width]; // filter type 0, then RGB triples
            for (var x = 0; x < width; x++) (row[1 + 3 * x], row[2 + 3 * x], row[3 + 3 * x]) = (red, green, blue);
            for (var y = 0; y < height; y++) zlib.Write(row);
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream file, string type, byte[] data)
    {
        var typed = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed, 4);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        file.Write(word);
        file.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        file.Write(word);
    }

    private static void Segment(Stream file, byte marker, byte[] body)
    {
        file.Write([0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]);
        file.Write(body);
    }

    private static byte[] Vp8L(int width, int height)
    {
        var bits = new BitWriter();
        bits.Write(0x2F, 8);
        bits.Write(width - 1, 14);
        bits.Write(height - 1, 14);
        bits.Write(0, 1); // alpha hint
        bits.Write(0, 3); // version
        bits.Write(0, 1); // no transform
        bits.Write(0, 1); // no colour cache
        bits.Write(0, 1); // no meta prefix codes
        foreach (var symbol in new[] { 0x80, 0x40, 0x20, 0xFF })
        {
            bits.Write(1, 1); // simple code
            bits.Write(0, 1); // one symbol
            bits.Write(1, 1); // an 8-bit symbol
            bits.Write(symbol, 8);
        }
        bits.Write(1, 1); // distance: simple code,
        bits.Write(0, 1); // one symbol,
        bits.Write(0, 1); // a 1-bit symbol:
        bits.Write(0, 1); // 0
        return bits.ToArray();
    }

    private static byte[] Riff(params (string Type, byte[] Data)[] chunks)
    {
        using var body = new MemoryStream();
        body.Write("WEBP"u8);
        Span<byte> word = stackalloc byte[4];
        foreach (var (type, data) in chunks)
        {
            body.Write(Encoding.ASCII.GetBytes(type));
            BinaryPrimitives.WriteInt32LittleEndian(word, data.Length);
            body.Write(word);
            body.Write(data);
            if (data.Length % 2 == 1) body.WriteByte(0);
        }
        using var file = new MemoryStream();
        file.Write("RIFF"u8);
        BinaryPrimitives.WriteInt32LittleEndian(word, (int)body.Length);
        file.Write(word);
        body.WriteTo(file);
        return file.ToArray();
    }

    private static void WriteUInt24(Span<byte> target, int value) => (target[0], target[1], target[2]) = ((byte)value, (byte)(value >> 8), (byte)(value >> 16));

    /// <summary>Least-significant bit first, as VP8L reads.</summary>
    private sealed class BitWriter
    {
        private readonly List<byte> _bytes = [];
        private int _used = 8;

        public void Write(int value, int count)
        {
            for (var i = 0; i < count; i++)
            {
                if (_used == 8)
                {
                    _bytes.Add(0);
                    _used = 0;
                }
                _bytes[^1] |= (byte)(((value >> i) & 1) << _used++);
            }
        }

        public byte[] ToArray() => [.. _bytes];
    }
}
