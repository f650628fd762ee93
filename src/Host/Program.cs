return await Engine.Host.Cli.RunAsync(args, Console.Out, Console.Error);
