using System.Text.Json;
using CoCreation.EventStore;
using CoCreation.Api.Tests.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Errors;

/// <summary>The one exception map, run through the app's own handler and problem-details writer.</summary>
public sealed class ExceptionMappingTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    public static TheoryData<Exception, int, string?> Cases => new()
    {
        { new ConcurrencyException("campaign-x", ExpectedVersion.Exactly(1), 2), 409, null },
        { new IdempotencyKeyReusedException("k"), 422, null },
        { new EventStoreBusyException(TimeSpan.FromMilliseconds(1500)), 503, "2" },
        { new EventStoreUnavailableException("down"), 503, "2" },
        { new BadHttpRequestException("too big", StatusCodes.Status413PayloadTooLarge), 413, null },
        { new BadHttpRequestException("bad"), 400, null },
        { new InvalidOperationException("boom"), 500, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task each_failure_maps_to_its_status_as_a_problem(Exception exception, int status, string? retryAfter)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Response.Body = new MemoryStream();

        var handled = false;
        foreach (var handler in scope.ServiceProvider.GetServices<IExceptionHandler>())
        {
            if (await handler.TryHandleAsync(context, exception, CancellationToken.None)) { handled = true; break; }
        }

        Assert.True(handled);
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        Assert.Equal(retryAfter ?? "", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        var problem = JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("boom", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
