using Engine.Host;

using var termination = new TerminationSignal();
var result = Console.Out;
// stdout carries only the command's result (valid JSON with --json): whatever else writes to the console,
// Akka's own logger included, goes to stderr.
Console.SetOut(Console.Error);
return await Cli.RunAsync(args, result, Console.Error, termination);
