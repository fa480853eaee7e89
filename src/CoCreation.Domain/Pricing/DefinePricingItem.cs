using CoCreation.Pricing.Statistics;

namespace CoCreation.Pricing;

/// <summary>
/// Create a pricing item or replace its settings (PUT semantics: omitted optional fields reset). Name and
/// window are always editable; the grid (currency, min, max, step, mode) only until the round first starts,
/// because answers already given were given on that grid.
/// </summary>
public sealed record DefinePricingItem(
    string CampaignId, string ItemId, string Name, string Currency, long Min, long Max, long Step, string Mode,
    DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, string Actor, bool AllowGuests = false)
{
    public const int MaxNameLength = DisplayName.MaxLength;

    /// <summary>Field → messages for everything wrong with the input; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(
        string campaignId, string itemId, string? name, string? currency, long? min, long? max, long? step, string? mode,
        DateTimeOffset? opensAt, DateTimeOffset? closesAt)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Slug.IsValid(campaignId))
        {
            errors["campaignId"] = [$"The campaign id {Slug.Rule}."];
        }
        if (!Slug.IsValid(itemId))
        {
            errors["itemId"] = [$"The item id {Slug.Rule}."];
        }
        DisplayName.Check(errors, "name", name, MaxNameLength);
        if (currency is null || currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
        {
            errors["currency"] = ["The currency must be a three-letter upper-case ISO 4217 code, e.g. CNY."];
        }
        if (!PricingModes.IsKnown(mode))
        {
            errors["mode"] = [$"The mode must be '{PricingModes.Direct}' or '{PricingModes.Psm}'."];
        }
        ValidateGrid(min, max, step, errors);
        if (opensAt is { } opens && closesAt is { } closes && closes <= opens)
        {
            errors["closesAt"] = ["closesAt must be after opensAt."];
        }
        return errors;
    }

    private static void ValidateGrid(long? min, long? max, long? step, Dictionary<string, string[]> errors)
    {
        if (min is null) errors["min"] = ["min is required."];
        else if (min < 0) errors["min"] = ["min must be 0 or more."];
        if (max is null) errors["max"] = ["max is required."];
        else if (min is >= 0 && max <= min) errors["max"] = ["max must be greater than min."];
        if (step is null) errors["step"] = ["step is required."];
        else if (step <= 0) errors["step"] = ["step must be greater than 0."];
        if (errors.ContainsKey("min") || errors.ContainsKey("max") || errors.ContainsKey("step")) return;

        var span = max!.Value - min!.Value;
        if (span % step!.Value != 0)
        {
            errors["step"] = ["max - min must be a multiple of step."];
        }
        else if (span / step.Value + 1 > PriceGrid.MaxPoints)
        {
            errors["step"] = [$"The grid min..max by step has {span / step.Value + 1:N0} points; at most {PriceGrid.MaxPoints:N0} are allowed."];
        }
    }

    /// <summary>
    /// Whether the round has ever started by <paramref name="now"/>: opened by a host, or its opening time
    /// passed. From then on answers may exist on the current grid.
    /// </summary>
    public static bool HasStarted(PricingItem item, DateTimeOffset now) =>
        item.WasEverOpened || item.OpensAt is { } opens && opens <= now;

    public static Decision Decide(PricingItem? state, DefinePricingItem command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(command);
        var c = command;
        if (state is null)
        {
            return Decision.Append(new PricingItemDefined(
                c.CampaignId, c.ItemId, c.Name, c.Currency, c.Min, c.Max, c.Step, c.Mode, c.OpensAt, c.ClosesAt, c.Actor, c.AllowGuests));
        }
        var sameGrid = state.Currency == c.Currency && state.Min == c.Min && state.Max == c.Max && state.Step == c.Step && state.Mode == c.Mode;
        if (sameGrid && state.Name == c.Name && state.OpensAt == c.OpensAt && state.ClosesAt == c.ClosesAt && state.AllowGuests == c.AllowGuests)
        {
            return Decision.Nothing;
        }
        if (!sameGrid && HasStarted(state, now))
        {
            return Decision.Refuse(
                "The round has started, so the currency, min, max, step and mode can no longer change; only the name and the window can.");
        }
        return Decision.Append(new PricingItemUpdated(
            c.CampaignId, c.ItemId, c.Name, c.Currency, c.Min, c.Max, c.Step, c.Mode, c.OpensAt, c.ClosesAt, c.Actor, c.AllowGuests));
    }
}
