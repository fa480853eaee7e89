using System.CommandLine;
using CoCreation.LoadTests.Scenarios;

var root = new RootCommand("CoCreation load generator and benchmarks. Targets loopback only; every run is bounded and stops by itself.");
root.Subcommands.Add(EventStoreScenario.Command());
root.Subcommands.Add(PricingScenario.Command());
root.Subcommands.Add(D90Scenario.Command());
root.Subcommands.Add(LiveScenario.Command());
root.Subcommands.Add(VotesScenario.Command());
root.Subcommands.Add(ContestScenario.Command());
root.Subcommands.Add(FaultsScenario.Command());
return await root.Parse(args).InvokeAsync();
