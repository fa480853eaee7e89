using Microsoft.Playwright;

namespace CoCreation.Browser.Tests.Hosting;

/// <summary>
/// What a page reported that a person would never want: console errors (a CSP refusal is one), uncaught exceptions
/// and dialogs (an injected <c>alert</c> would be one). Dialogs are dismissed so the page goes on.
/// </summary>
public sealed class PageErrors
{
    private readonly List<string> _errors = [];

    /// <param name="page">The page to watch.</param>
    /// <param name="serverGoesAway">
    /// For a test that stops the server on purpose: Chromium's own log of a refused or broken WebSocket connection
    /// ("WebSocket connection to … failed") is then the network failing as intended, not the page.
    /// </param>
    public static PageErrors Watch(IPage page, bool serverGoesAway = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        var errors = new PageErrors();
        page.Console += (_, message) =>
        {
            // A refused fetch (the 409 a test asks for) logs a resource error; that is the API answering, not the page failing.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)
                && !(serverGoesAway && message.Text.StartsWith("WebSocket connection to ", StringComparison.Ordinal)))
            {
                lock (errors._errors) errors._errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => { lock (errors._errors) errors._errors.Add($"exception: {error}"); };
        page.Dialog += async (_, dialog) =>
        {
            lock (errors._errors) errors._errors.Add($"dialog: {dialog.Message}");
            await dialog.DismissAsync();
        };
        return errors;
    }

    public IReadOnlyList<string> All
    {
        get { lock (_errors) return [.. _errors]; }
    }
}
