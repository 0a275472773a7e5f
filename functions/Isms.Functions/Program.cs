using Isms.Functions;
using Isms.Functions.Platform;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<UnhandledErrorsMiddleware>();
builder.Services.AddIsms(builder.Configuration);
builder.AddIsmsTelemetry();
builder.Build().Run();
