using System.CommandLine;
using Engine.Host.Commands;

var root = new RootCommand("Engine: one CPU-heavy job split into chunks and run on low-priority, NUMA-pinned helper threads")
{
    RunCommand.Create(),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // One line per problem and a non-zero exit, not a screen of help.
    foreach (var error in parsed.Errors)
        Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("(see --help)");
    return 2;
}
return await parsed.InvokeAsync();
