using Isms.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddIsms(builder.Configuration);
builder.AddIsmsTelemetry();
builder.Build().Run();
