namespace CoCreation.EventStore.Tests;

public sealed record Counted(int N);

public sealed record Noted(string Text);
