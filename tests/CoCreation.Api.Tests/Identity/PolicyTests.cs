using CoCreation.Api.Identity;
using CoCreation.Api.Tests.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CoCreation.Api.Tests.Identity;

/// <summary>The policies against principals the real authentication schemes produce.</summary>
public sealed class PolicyTests(CoCreationApp app) : IClassFixture<CoCreationApp>
{
    public static TheoryData<string, string, bool> Cases => new()
    {
        { "participant", Roles.Participant, true },
        { "participant", Roles.Host, false },
        { "participant", Roles.Admin, false },
        { "host", Roles.Participant, false },
        { "host", Roles.Host, true },
        { "host", Roles.Admin, false },
        { "admin", Roles.Participant, false },
        { "admin", Roles.Host, true },
        { "admin", Roles.Admin, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task each_caller_meets_exactly_its_policies(string caller, string policy, bool allowed)
    {
        var token = caller switch
        {
            "participant" => CoCreationApp.ParticipantToken("p1"),
            "host" => CoCreationApp.HostKey,
            _ => CoCreationApp.AdminKey,
        };
        await using var scope = app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = $"Bearer {token}";

        var authentication = await context.AuthenticateAsync();
        Assert.True(authentication.Succeeded, authentication.Failure?.Message);
        var authorization = await scope.ServiceProvider.GetRequiredService<IAuthorizationService>()
            .AuthorizeAsync(authentication.Principal!, policy);

        Assert.Equal(allowed, authorization.Succeeded);
    }
}
