using CoCreation.Api.Campaigns;
using CoCreation.Api.Errors;
using CoCreation.Api.Identity;
using CoCreation.Api.Infrastructure;
using CoCreation.Api.Operations;
using CoCreation.Api.Pricing;
using CoCreation.Api.Projections;
using CoCreation.Participants;

var builder = WebApplication.CreateBuilder(args);

// The event store first: its schema migration must be the first hosted service to start.
builder.Services.AddEventStore(builder.Configuration);
builder.Services.AddProjections(builder.Configuration);
builder.Services.AddParticipants();
builder.AddOperations();
builder.Services.AddErrorHandling(builder.Configuration);
builder.Services.AddIdentity(builder.Configuration);
builder.Services.AddCampaigns(builder.Configuration);
builder.Services.AddPricing(builder.Configuration);

var app = builder.Build();

app.UseErrorHandling();
app.UseAuthentication();
app.UseAuthorization();

app.MapOperations();
app.MapIdentity();
app.MapCampaigns();
app.MapPricing();
app.MapProjections();

app.Run();

public partial class Program;
