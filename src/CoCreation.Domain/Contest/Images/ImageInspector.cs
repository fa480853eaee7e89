using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CoCreation.Contest.Images;

/// <summary>An accepted image: its type (from its bytes), size, dimensions (from its header) and SHA-256 (lower-case hex).</summary>
public sealed record ImageInfo(string ContentType, int Width, int Height, long Bytes, string Sha256);

/// <summary>The outcome of <see cref="ImageInspector.Inspect"/>: the image, or why it is refused.</summary>
public sealed record ImageCheck(ImageInfo? Image, string? Problem);

/// <summary>
/// Recognises PNG, JPEG and WebP by their bytes alone (never a file name or a declared type) and reads their
/// dimensions from the header: PNG's IHDR, JPEG's SOFn marker, WebP's VP8, VP8L or VP8X chunk. It checks the
/// container's structure too, so a signature followed by garbage, a truncated header, a JPEG without a frame header
/// or trailing data after the image is refused; it does not decode the pixels.
/// </summary>
public static class ImageInspector
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string WebP = "image/webp";

    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MinSide = 64;
    public const int MaxSide = 8192;
    public const long MaxPixels = 40_000_000;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static ImageCheck Inspect(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0) return Refuse("The image is empty.");
        if (data.Length > MaxBytes) return Refuse($"The image is larger than {MaxBytes:N0} bytes.");

        (string Type, int Width, int Height)? header;
        string? problem;
        if (data.StartsWith(PngSignature)) (header, problem) = ReadPng(data);
        else if (data is [0xFF, 0xD8, 0xFF, ..]) (header, problem) = ReadJpeg(data);
        else if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8)) (header, problem) = ReadWebP(data);
        else return Refuse("The image is not a PNG, JPEG or WebP file.");

        if (header is not { } h) return Refuse(problem!);
        if (h.Width < MinSide || h.Height < MinSide || h.Width > MaxSide || h.Height > MaxSide)
        {
            return Refuse($"The image is {h.Width}×{h.Height} pixels; each side must be {MinSide} to {MaxSide} pixels.");
        }
        if ((long)h.Width * h.Height > MaxPixels)
        {
            return Refuse($"The image is {h.Width}×{h.Height} pixels; at most {MaxPixels / 1_000_000} megapixels are accepted.");
        }
        return new ImageCheck(new ImageInfo(h.Type, h.Width, h.Height, data.Length, Convert.ToHexStringLower(SHA256.HashData(data))), null);
    }

    private static ImageCheck Refuse(string problem) => new(null, problem);

    /// <summary>IHDR first (13 bytes, valid depth and colour type), every chunk within the file with a correct CRC, an IDAT, and IEND last.</summary>
    private static ((string, int, int)?, string?) ReadPng(ReadOnlySpan<byte> data)
    {
        var position = PngSignature.Length;
        (int Width, int Height)? size = null;
        var sawData = false;
        while (position + 12 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            if (length > int.MaxValue || position + 12 + (long)length > data.Length) return (null, "The PNG is truncated or a chunk length is corrupt.");
            var type = data.Slice(position + 4, 4);
            var body = data.Slice(position + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(data[(position + 8 + (int)length)..]);
            if (Crc32.Compute(data.Slice(position + 4, 4 + (int)length)) != crc) return (null, $"The PNG chunk '{Ascii(type)}' fails its CRC check.");
            if (size is null)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13) return (null, "The PNG does not start with a valid IHDR chunk.");
                var width = BinaryPrimitives.ReadUInt32BigEndian(body);
                var height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue) return (null, "The PNG's IHDR holds an invalid size.");
                if (!IsValidPngDepth(body[9], body[8]) || body[10] != 0 || body[11] != 0 || body[12] > 1)
                {
                    return (null, "The PNG's IHDR holds an invalid bit depth, colour type, compression, filter or interlace method.");
                }
                size = ((int)width, (int)height);
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                sawData = true;
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                if (!sawData) return (null, "The PNG has no image data (IDAT).");
                if (position + 12 != data.Length) return (null, "The PNG has data after its IEND chunk.");
                return ((Png, size.Value.Width, size.Value.Height), null);
            }
            position += 12 + (int)length;
        }
        return (null, "The PNG is truncated: it has no IEND chunk.");
    }

    private static bool IsValidPngDepth(byte colourType, byte depth) => colourType switch
    {
        0 => depth is 1 or 2 or 4 or 8 or 16,
        3 => depth is 1 or 2 or 4 or 8,
        2 or 4 or 6 => depth is 8 or 16,
        _ => false,
    };

    /// <summary>
    /// Marker segments after SOI, each within the file, until the scan: a frame header (SOF0..SOF15 except DHT, JPG
    /// and DAC) with a non-zero size must come before the first SOS, and the file must end with EOI.
    /// </summary>
    private static ((string, int, int)?, string?) ReadJpeg(ReadOnlySpan<byte> data)
    {
        var position = 2;
        (int Width, int Height)? size = null;
        while (true)
        {
            if (position >= data.Length || data[position] != 0xFF) return (null, "The JPEG is truncated or its marker structure is corrupt.");
            while (position < data.Length && data[position] == 0xFF) position++;
            if (position >= data.Length) return (null, "The JPEG is truncated.");
            var marker = data[position++];
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) continue;
            if (marker is 0xD8 or 0xD9 or 0x00) return (null, "The JPEG's marker structure is corrupt.");
            if (position + 2 > data.Length) return (null, "The JPEG is truncated.");
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            if (length < 2 || position + length > data.Length) return (null, "The JPEG is truncated or a segment length is corrupt.");
            var segment = data.Slice(position + 2, length - 2);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (segment.Length < 6 || segment.Length != 6 + 3 * segment[5] || segment[5] == 0) return (null, "The JPEG's frame header is malformed.");
                var height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                if (width == 0 || height == 0) return (null, "The JPEG's frame header holds no size.");
                size ??= (width, height);
            }
            else if (marker == 0xDA)
            {
                if (size is null) return (null, "The JPEG has no frame header (SOF) before its scan.");
                return data.Length >= position + length + 2 && data[^2] == 0xFF && data[^1] == 0xD9
                    ? ((Jpeg, size.Value.Width, size.Value.Height), null)
                    : (null, "The JPEG is truncated: it does not end with an EOI marker.");
            }
            position += length;
        }
    }

    /// <summary>
    /// The RIFF size must match the file; the first chunk is VP8 (a key frame with its start code), VP8L (signature
    /// 0x2F, version 0) or VP8X (the canvas size, followed by a VP8 or VP8L chunk; animations are refused). Every chunk
    /// must lie within the file.
    /// </summary>
    private static ((string, int, int)?, string?) ReadWebP(ReadOnlySpan<byte> data)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (riffSize + 8L != data.Length) return (null, "The WebP's RIFF size does not match the file.");
        var chunks = new List<(string Type, int Offset, int Length)>();
        for (var position = 12; position < data.Length;)
        {
            if (position + 8 > data.Length) return (null, "The WebP is truncated.");
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[(position + 4)..]);
            var padded = length + (length & 1);
            if (position + 8 + (long)length > data.Length) return (null, "The WebP is truncated or a chunk size is corrupt.");
            chunks.Add((Ascii(data.Slice(position, 4)), position + 8, (int)length));
            position += 8 + (int)Math.Min(padded, data.Length - position - 8);
        }
        if (chunks.Count == 0) return (null, "The WebP holds no image chunk.");
        var first = chunks[0];
        var body = data.Slice(first.Offset, first.Length);
        switch (first.Type)
        {
            case "VP8 ":
                return ReadVp8(body);
            case "VP8L":
                return ReadVp8L(body);
            case "VP8X":
                if (body.Length < 10) return (null, "The WebP's VP8X chunk is truncated.");
                if ((body[0] & 0x02) != 0) return (null, "Animated WebP images are not accepted.");
                var width = 1 + (body[4] | body[5] << 8 | body[6] << 16);
                var height = 1 + (body[7] | body[8] << 8 | body[9] << 16);
                var image = chunks.Skip(1).FirstOrDefault(c => c.Type is "VP8 " or "VP8L");
                if (image.Type is null) return (null, "The WebP's VP8X chunk is not followed by image data.");
                var (inner, problem) = image.Type == "VP8 " ? ReadVp8(data.Slice(image.Offset, image.Length)) : ReadVp8L(data.Slice(image.Offset, image.Length));
                return inner is null ? (null, problem) : ((WebP, width, height), null);
            default:
                return (null, "The WebP does not start with a VP8, VP8L or VP8X chunk.");
        }
    }

    private static ((string, int, int)?, string?) ReadVp8(ReadOnlySpan<byte> body)
    {
        if (body.Length < 10) return (null, "The WebP's VP8 frame header is truncated.");
        if ((body[0] & 1) != 0) return (null, "The WebP's VP8 data does not start with a key frame.");
        if (body[3] != 0x9D || body[4] != 0x01 || body[5] != 0x2A) return (null, "The WebP's VP8 frame lacks its start code.");
        var width = BinaryPrimitives.ReadUInt16LittleEndian(body[6..]) & 0x3FFF;
        var height = BinaryPrimitives.ReadUInt16LittleEndian(body[8..]) & 0x3FFF;
        return width == 0 || height == 0 ? (null, "The WebP's VP8 frame holds no size.") : ((WebP, width, height), null);
    }

    private static ((string, int, int)?, string?) ReadVp8L(ReadOnlySpan<byte> body)
    {
        if (body.Length < 5 || body[0] != 0x2F) return (null, "The WebP's VP8L header is truncated or lacks its signature.");
        var bits = BinaryPrimitives.ReadUInt32LittleEndian(body[1..]);
        if (bits >> 29 != 0) return (null, "The WebP's VP8L header holds an unknown version.");
        return ((WebP, (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1), null);
    }

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
