using CoCreation.Api.Audit;
using CoCreation.Api.Campaigns;
using CoCreation.Api.Demo;
using CoCreation.Api.Contest;
using CoCreation.Api.Errors;
using CoCreation.Api.Flags;
using CoCreation.Api.Identity;
using CoCreation.Api.Infrastructure;
using CoCreation.Api.Live;
using CoCreation.Api.Live.Pages;
using CoCreation.Api.Operations;
using CoCreation.Api.Participants;
using CoCreation.Api.Pricing;
using CoCreation.Api.Projections;
using CoCreation.Api.Suggestions;
using CoCreation.Api.Trust;
using CoCreation.Api.Voting;
using CoCreation.Participants;

var builder = WebApplication.CreateBuilder(args);

// The event store first: its schema migration must be the first hosted service to start.
builder.Services.AddEventStore(builder.Configuration);
builder.Services.AddProjections(builder.Configuration);
builder.Services.AddParticipants();
builder.Services.AddErasure();
builder.AddOperations();
builder.Services.AddErrorHandling(builder.Configuration);
builder.Services.AddTrust(builder.Configuration);
builder.Services.AddIdentity(builder.Configuration);
builder.Services.AddCampaigns();
builder.Services.AddLive(builder.Configuration);
builder.Services.AddFlags(builder.Configuration);
builder.Services.AddPricing(builder.Configuration);
builder.Services.AddVoting();
builder.Services.AddSuggestions(builder.Configuration);
builder.Services.AddDemo(builder.Configuration);
builder.Services.AddContest(builder.Configuration);
builder.Services.AddAudit();

var app = builder.Build();

app.UseClientAddresses();
app.UseSecurityHeaders();
app.UseErrorHandling();
app.UseAuthentication();
app.UseRateLimits();
app.UseAuthorization();

app.MapOperations();
app.MapIdentity();
app.MapErasure();
app.MapCampaigns();
app.MapPricing();
app.MapVoting();
app.MapSuggestions();
app.MapContest();
app.MapLive();
app.MapLivePages();
app.MapProjections();
app.MapAudit();

app.Run();

public partial class Program;
