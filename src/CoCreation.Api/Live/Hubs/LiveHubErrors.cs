using Microsoft.AspNetCore.SignalR;

namespace CoCreation.Api.Live.Hubs;

/// <summary>
/// Logs the hub's real failures itself. SignalR's dispatcher logs every exception of a hub method as an error,
/// <see cref="HubException"/> included, which is how the hub answers a client's mistake (an unknown campaign, a
/// wrong token); <see cref="LiveModule"/> silences that logger so only these entries are left.
/// </summary>
internal sealed class LiveHubErrors(ILogger<LiveHubErrors> logger) : IHubFilter
{
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(invocationContext);
        }
        catch (HubException e)
        {
            logger.LogDebug("Live hub refused {Method}: {Reason}", invocationContext.HubMethodName, e.Message);
            throw;
        }
        catch (Exception e) when (!invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Live hub method {Method} failed", invocationContext.HubMethodName);
            throw;
        }
    }
}
