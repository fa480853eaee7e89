using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CoCreation.Api.Tests.Hosting;

namespace CoCreation.Api.Tests.Live;

/// <summary>A message the hub sent: <c>{"type":1,"target":…,"arguments":[…]}</c>.</summary>
internal sealed record HubMessage(string Target, JsonElement[] Arguments);

/// <summary>
/// A small client of the SignalR JSON protocol over the test server's WebSocket (the .NET SignalR client does not
/// resolve here): negotiate, connect, handshake, invocations with completions, pings answered, every server
/// invocation kept in arrival order.
/// </summary>
internal sealed class LiveHubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Channel<HubMessage> _messages = Channel.CreateUnbounded<HubMessage>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private int _invocationId;

    private LiveHubClient(WebSocket socket, RecordBuffer received)
    {
        _socket = socket;
        _receiving = Task.Run(() => ReceiveAsync(received));
    }

    /// <param name="query">Extra query string of the connection, e.g. <c>token=…</c>.</param>
    public static async Task<LiveHubClient> ConnectAsync(CoCreationApp app, string? query = null)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var negotiation = await app.Anonymous().PostAsync("/hubs/live/negotiate?negotiateVersion=1", null, timeout.Token);
        negotiation.EnsureSuccessStatusCode();
        var negotiated = JsonDocument.Parse(await negotiation.Content.ReadAsStringAsync(timeout.Token)).RootElement;
        var connectionToken = negotiated.GetProperty("connectionToken").GetString();

        var uri = new Uri($"ws://localhost/hubs/live?id={Uri.EscapeDataString(connectionToken!)}{(query is null ? "" : "&" + query)}");
        var socket = await app.Server.CreateWebSocketClient().ConnectAsync(uri, timeout.Token);
        await SendRawAsync(socket, """{"protocol":"json","version":1}""", timeout.Token);
        var received = new RecordBuffer();
        var handshake = await ReadRecordAsync(socket, received, timeout.Token);
        Assert.Equal("{}", handshake);
        return new LiveHubClient(socket, received);
    }

    /// <summary>Invokes a hub method and returns its completion: <c>result</c> on success, <c>error</c> otherwise.</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _invocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        return await completion.Task.WaitAsync(Timeout);
    }

    /// <summary>Watch, asserting it succeeded; returns its result.</summary>
    public async Task<JsonElement> WatchAsync(string campaignId, string? token = null)
    {
        var completion = await InvokeAsync("Watch", campaignId, token);
        Assert.False(completion.TryGetProperty("error", out var error), $"Watch failed: {error}");
        return completion.GetProperty("result");
    }

    /// <summary>The messages received so far and not yet taken.</summary>
    public List<HubMessage> TakeReceived()
    {
        var taken = new List<HubMessage>();
        while (_messages.Reader.TryRead(out var message)) taken.Add(message);
        return taken;
    }

    /// <summary>Reads messages until one matches, returning every message read on the way (the match last).</summary>
    public async Task<List<HubMessage>> ReadUntilAsync(Func<HubMessage, bool> match)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var read = new List<HubMessage>();
        while (true)
        {
            HubMessage message;
            try
            {
                message = await _messages.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching hub message within {Timeout}; got: {string.Join(", ", read.Select(m => $"{m.Target}({string.Join(", ", m.Arguments)})"))}");
            }
            read.Add(message);
            if (match(message)) return read;
        }
    }

    private async Task SendAsync(string json)
    {
        await _sending.WaitAsync();
        try
        {
            await SendRawAsync(_socket, json, _stop.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    private static Task SendRawAsync(WebSocket socket, string json, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, cancellationToken);

    private async Task ReceiveAsync(RecordBuffer pending)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var record = await ReadRecordAsync(_socket, pending, _stop.Token);
                if (record is null) break;
                await HandleAsync(JsonDocument.Parse(record).RootElement.Clone());
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            _messages.Writer.TryComplete();
            foreach (var waiting in _pending.Values) waiting.TrySetException(new InvalidOperationException("The hub connection closed."));
        }
    }

    private async Task HandleAsync(JsonElement message)
    {
        switch (message.GetProperty("type").GetInt32())
        {
            case 1:
                await _messages.Writer.WriteAsync(new HubMessage(
                    message.GetProperty("target").GetString()!, [.. message.GetProperty("arguments").EnumerateArray()]));
                break;
            case 3 when _pending.TryRemove(message.GetProperty("invocationId").GetString()!, out var completion):
                completion.TrySetResult(message);
                break;
            case 6:
                await SendAsync("""{"type":6}""");
                break;
            case 7:
                _messages.Writer.TryComplete();
                break;
        }
    }

    /// <summary>The next record (text up to a record separator), reading frames as needed; null when the socket closed.</summary>
    private static async Task<string?> ReadRecordAsync(WebSocket socket, RecordBuffer pending, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            if (pending.TakeRecord() is { } record) return record;
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            pending.Append(buffer.AsSpan(0, result.Count));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        await _receiving.WaitAsync(TimeSpan.FromSeconds(5));
        _socket.Dispose();
        _sending.Dispose();
        _stop.Dispose();
    }

    /// <summary>Text received and not yet split into records; decodes UTF-8 across frame boundaries.</summary>
    private sealed class RecordBuffer
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly StringBuilder _text = new();

        public void Append(ReadOnlySpan<byte> bytes)
        {
            var chars = new char[_decoder.GetCharCount(bytes, flush: false)];
            _decoder.GetChars(bytes, chars, flush: false);
            _text.Append(chars);
        }

        public string? TakeRecord()
        {
            var text = _text.ToString();
            var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end < 0) return null;
            _text.Remove(0, end + 1);
            return text[..end];
        }
    }
}
