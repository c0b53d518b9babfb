using System.Text;
using VambeFunctions.Cli;
using VambeFunctions.Cli.Infrastructure;

Console.OutputEncoding = Encoding.UTF8;
return await OperatorCli.InvokeAsync(args, CliEnvironment.FromProcess(), Console.Out, Console.Error);
