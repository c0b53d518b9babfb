using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using VambeFunctions.Extensions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddApplicationServices(builder.Configuration);
builder.Build().Run();
