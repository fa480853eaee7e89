using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CoCreation.LoadTests.Workloads;

namespace CoCreation.LoadTests.Infrastructure;

/// <summary>
/// One overlay's connection to <c>/hubs/live</c>, speaking the SignalR JSON protocol over a WebSocket (the .NET SignalR
/// client does not resolve here): negotiate, handshake, <c>Watch</c>, then every <c>priceStats</c> push reported with
/// its <c>asOf.sequence</c> and the moment it arrived. Kept lean: thousands run in one process. Each names the address
/// of the viewer it plays in <c>X-Forwarded-For</c>, as a load balancer would.
/// </summary>
internal sealed class HubWatcher(Uri address, string campaignId, string token, string clientAddress, Action<long, long> priceStats) : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] SequenceMarker = Encoding.UTF8.GetBytes("\"asOf\":{\"sequence\":");
    private static readonly byte[] PriceStatsMarker = Encoding.UTF8.GetBytes("\"target\":\"priceStats\"");
    private static readonly byte[] PingMessage = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly ClientWebSocket _socket = new();
    private Task? _receiving;

    public int Updates { get; private set; }

    public bool Faulted { get; private set; }

    public async Task ConnectAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/hubs/live/negotiate?negotiateVersion=1"));
        request.Headers.Add(ClientAddresses.Header, clientAddress);
        using var negotiation = await http.SendAsync(request, cancellationToken);
        negotiation.EnsureSuccessStatusCode();
        using var negotiated = JsonDocument.Parse(await negotiation.Content.ReadAsStringAsync(cancellationToken));
        var id = negotiated.RootElement.GetProperty("connectionToken").GetString()!;
        var ws = new UriBuilder(address) { Scheme = "ws", Path = "/hubs/live", Query = $"id={Uri.EscapeDataString(id)}" }.Uri;
        _socket.Options.SetRequestHeader(ClientAddresses.Header, clientAddress);
        await _socket.ConnectAsync(ws, cancellationToken);
        await SendAsync("{\"protocol\":\"json\",\"version\":1}", cancellationToken);
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = "1", target = "Watch", arguments = new object?[] { campaignId, token } }), cancellationToken);
        _receiving = ReceiveAsync(cancellationToken);
    }

    private Task SendAsync(string json, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + "\u001e"), WebSocketMessageType.Text, true, cancellationToken);

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var record = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close) return;
                for (var pings = Split(buffer.AsSpan(0, result.Count), record); pings > 0; pings--)
                {
                    await _socket.SendAsync(PingMessage, WebSocketMessageType.Text, true, cancellationToken);
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested || _socket.State != WebSocketState.Open)
        {
            // Closed by us, or the server went away.
        }
        catch (WebSocketException)
        {
            Faulted = true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Handles the complete records in <paramref name="received"/>, keeps the rest; returns the pings to answer.</summary>
    private int Split(ReadOnlySpan<byte> received, ArrayBufferWriter<byte> record)
    {
        var pings = 0;
        int separator;
        while ((separator = received.IndexOf(RecordSeparator)) >= 0)
        {
            record.Write(received[..separator]);
            if (Handle(record.WrittenSpan)) pings++;
            record.Clear();
            received = received[(separator + 1)..];
        }
        record.Write(received);
        return pings;
    }

    /// <summary>Reports a priceStats push; true when the record is a ping.</summary>
    private bool Handle(ReadOnlySpan<byte> message)
    {
        if (message.IndexOf(PriceStatsMarker) < 0) return message.StartsWith("{\"type\":6"u8);
        var at = Stopwatch.GetTimestamp();
        var start = message.IndexOf(SequenceMarker);
        if (start < 0) return false;
        var digits = message[(start + SequenceMarker.Length)..];
        long sequence = 0;
        for (var i = 0; i < digits.Length && char.IsAsciiDigit((char)digits[i]); i++) sequence = sequence * 10 + (digits[i] - '0');
        Updates++;
        priceStats(sequence, at);
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Going away either way.
            }
        }
        if (_receiving is not null) await Task.WhenAny(_receiving, Task.Delay(2_000));
        _socket.Dispose();
    }
}
