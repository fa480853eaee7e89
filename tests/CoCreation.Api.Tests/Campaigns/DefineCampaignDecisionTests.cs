using CoCreation.Campaigns;

namespace CoCreation.Api.Tests.Campaigns;

/// <summary>The pure decision, without a database.</summary>
public sealed class DefineCampaignDecisionTests
{
    private static DefineCampaign Command(string name = "D90", string? description = null, bool allowGuests = false) =>
        new("d90", name, description, allowGuests, "admin:abc");

    [Fact]
    public void an_unknown_campaign_is_defined()
    {
        var events = DefineCampaign.Decide(null, Command());

        Assert.Equal([new CampaignDefined("d90", "D90", null, false, "admin:abc")], events);
    }

    [Fact]
    public void a_changed_campaign_is_updated()
    {
        var state = Campaign.Fold(DefineCampaign.Decide(null, Command()));

        var events = DefineCampaign.Decide(state, Command(allowGuests: true));

        Assert.Equal([new CampaignUpdated("d90", "D90", null, true, "admin:abc")], events);
    }

    [Fact]
    public void an_unchanged_campaign_decides_nothing()
    {
        var state = Campaign.Fold(DefineCampaign.Decide(null, Command(description: "x")));

        Assert.Empty(DefineCampaign.Decide(state, Command(description: "x")));
    }

    [Theory]
    [InlineData("d90", true)]
    [InlineData("0-a", true)]
    [InlineData("-d90", false)]
    [InlineData("D90", false)]
    [InlineData("d_90", false)]
    [InlineData("", false)]
    [InlineData("d90-2.0t-4wd", true)]
    [InlineData(".d90", false)]
    [InlineData("d90.", false)]
    [InlineData("d90..x", false)]
    public void campaign_ids_are_slugs(string id, bool valid)
    {
        Assert.Equal(valid, !DefineCampaign.Validate(id, "name", null).ContainsKey("campaignId"));
    }

    [Theory]
    [InlineData("nul\u0000", null, "name")]
    [InlineData("bell\u0007", null, "name")]
    [InlineData("ok", "nul\u0000", "description")]
    public void control_characters_are_refused(string name, string? description, string field)
    {
        Assert.True(DefineCampaign.Validate("d90", name, description).ContainsKey(field));
    }

    [Fact]
    public void line_breaks_and_tabs_are_fine_in_a_description()
    {
        Assert.Empty(DefineCampaign.Validate("d90", "name", "one\r\ntwo\tthree"));
    }

    [Fact]
    public void a_64_character_id_is_a_slug_and_65_is_not()
    {
        Assert.True(Slug.IsValid(new string('a', 64)));
        Assert.False(Slug.IsValid(new string('a', 65)));
    }
}
