using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using VambeFunctions.Extensions;
using VambeFunctions.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddApplicationServices(builder.Configuration);
builder.Services.AddTelemetryExport(builder.Configuration);
builder.Build().Run();
