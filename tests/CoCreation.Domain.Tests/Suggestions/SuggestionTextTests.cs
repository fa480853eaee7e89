using CoCreation.Suggestions;

namespace CoCreation.Domain.Tests.Suggestions;

public sealed class SuggestionTextTests
{
    private static readonly string[] Banned = ["spam", "垃圾"];

    private static (string? Text, string[] Errors) Check(string? text) => SuggestionText.Check(text, Banned);

    [Fact]
    public void text_is_stored_in_nfc_trimmed_with_unix_line_breaks()
    {
        var (text, errors) = Check("  Cafe\u0301 seats\r\nfor seven\r ");
        Assert.Empty(errors);
        Assert.Equal("Caf\u00e9 seats\nfor seven", text);
    }

    [Fact]
    public void length_counts_text_elements_from_2_to_500()
    {
        Assert.NotEmpty(Check("a").Errors);
        Assert.NotEmpty(Check("   a  ").Errors);
        Assert.Empty(Check("ab").Errors);
        Assert.Empty(Check(new string('x', 500)).Errors);
        Assert.NotEmpty(Check(new string('x', 501)).Errors);
        // A family emoji is several code points but one character to a reader.
        var family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";
        Assert.Empty(Check(string.Concat(Enumerable.Repeat(family, 500))).Errors);
        Assert.NotEmpty(Check(family).Errors);
    }

    [Theory]
    [InlineData("tab\there")]
    [InlineData("nul\0here")]
    [InlineData("bell\u0007")]
    [InlineData("escape\u001b[31m")]
    public void control_characters_other_than_line_breaks_are_refused(string text) => Assert.NotEmpty(Check(text).Errors);

    [Fact]
    public void a_lone_surrogate_is_refused() => Assert.NotEmpty(Check("lone " + (char)0xD800 + " surrogate").Errors);

    [Fact]
    public void a_missing_text_is_refused() => Assert.NotEmpty(Check(null).Errors);

    [Theory]
    [InlineData("This is SPAM really")]
    [InlineData("spam!")]
    [InlineData("这是垃圾建议")]
    public void banned_words_are_refused_whatever_their_case(string text) => Assert.NotEmpty(Check(text).Errors);

    [Theory]
    [InlineData("spammer-proof doors")]
    [InlineData("A bigger boot")]
    public void an_ascii_banned_word_matches_whole_words_only(string text) => Assert.Empty(Check(text).Errors);

    [Fact]
    public void a_banned_word_in_decomposed_form_still_matches() =>
        Assert.NotEmpty(SuggestionText.Check("an e\u0301te\u0301 car", ["\u00e9t\u00e9"]).Errors);
}
