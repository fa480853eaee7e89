using System.Security.Cryptography;
using System.Text;
using CoCreation.Contest.Images;
using CoCreation.Testing;

namespace CoCreation.Domain.Tests.Contest;

public sealed class ImageInspectorTests
{
    public static TheoryData<string, byte[], string, int, int> RealImages => new()
    {
        { "png", TestImages.Png(640, 480), "image/png", 640, 480 },
        { "jpeg", TestImages.Jpeg(800, 600), "image/jpeg", 800, 600 },
        { "webp lossless", TestImages.WebPLossless(1024, 768), "image/webp", 1024, 768 },
        { "webp extended", TestImages.WebPExtended(300, 200), "image/webp", 300, 200 },
        { "webp lossy", TestImages.WebPLossyHeader(1920, 1080), "image/webp", 1920, 1080 },
    };

    [Theory]
    [MemberData(nameof(RealImages))]
    public void a_real_image_is_recognised_by_its_bytes_with_the_size_from_its_header(string kind, byte[] bytes, string type, int width, int height)
    {
        var check = ImageInspector.Inspect(bytes);

        Assert.True(check.Image is not null, $"{kind}: {check.Problem}");
        Assert.Equal((type, width, height, (long)bytes.Length), (check.Image.ContentType, check.Image.Width, check.Image.Height, check.Image.Bytes));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), check.Image.Sha256);
    }

    public static TheoryData<string, byte[]> Forgeries()
    {
        var png = TestImages.Png(100, 100);
        var jpeg = TestImages.Jpeg(100, 100);
        var webp = TestImages.WebPLossless(100, 100);
        var badCrc = (byte[])png.Clone();
        badCrc[20] ^= 0x01; // inside IHDR's width
        return new()
        {
            { "png signature then garbage", [.. png.Take(8), .. Encoding.ASCII.GetBytes("<script>alert(1)</script> not a chunk at all")] },
            { "png truncated in its header", png[..20] },
            { "png truncated in its data", png[..(png.Length - 20)] },
            { "png with a corrupted IHDR", badCrc },
            { "png with data after IEND", [.. png, .. "<html>"u8] },
            { "png without IDAT", TestImages.Png(100, 100, idat: [])[..33].Concat(png[^12..]).ToArray() },
            { "jpeg without a frame header", TestImages.Jpeg(100, 100, withFrameHeader: false) },
            { "jpeg truncated", jpeg[..(jpeg.Length - 2)] },
            { "jpeg signature then garbage", [0xFF, 0xD8, 0xFF, .. "garbage garbage"u8] },
            { "webp with a wrong riff size", [.. webp, 0, 0] },
            { "webp truncated", webp[..14] },
            { "riff that is not webp", [.. "RIFF"u8, 4, 0, 0, 0, .. "WAVE"u8] },
            { "a text file", Encoding.UTF8.GetBytes("hello, this is not an image\n") },
            { "an svg", TestImages.Svg() },
            { "empty", [] },
        };
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void a_forged_or_broken_file_is_refused_with_a_reason(string kind, byte[] bytes)
    {
        var check = ImageInspector.Inspect(bytes);

        Assert.True(check.Image is null, $"{kind} was accepted as {check.Image?.ContentType}");
        Assert.False(string.IsNullOrWhiteSpace(check.Problem));
    }

    [Theory]
    [InlineData(63, 100)]
    [InlineData(100, 63)]
    [InlineData(8193, 100)]
    [InlineData(7000, 7000)]
    public void dimensions_outside_64_to_8192_pixels_a_side_or_over_40_megapixels_are_refused(int width, int height)
    {
        // The header alone decides: the data need not hold the pixels it declares.
        var check = ImageInspector.Inspect(TestImages.Png(width, height, idat: [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));

        Assert.Null(check.Image);
        Assert.Contains($"{width}×{height}", check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void the_largest_accepted_sides_and_area_pass()
    {
        Assert.NotNull(ImageInspector.Inspect(TestImages.Png(8192, 64, idat: [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])).Image);
        Assert.NotNull(ImageInspector.Inspect(TestImages.Png(8000, 5000, idat: [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])).Image);
        Assert.NotNull(ImageInspector.Inspect(TestImages.Png(64, 64)).Image);
    }

    [Fact]
    public void crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(TestImages.Crc32("IEND"u8), Crc32.Compute("IEND"u8));
    }
}
