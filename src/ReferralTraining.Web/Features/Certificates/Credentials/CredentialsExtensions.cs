using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ReferralTraining.Web.Features.Certificates.Credentials;

public static class CredentialsExtensions
{
    /// <summary>
    /// Options (validated at start-up), the issuer key store and its Data Protection dependency. The caller registers an
    /// <see cref="IRevokedIndexSource"/> and maps the endpoints with <see cref="CredentialsApi.MapCredentialsApi"/>.
    /// </summary>
    public static WebApplicationBuilder AddCredentials(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CredentialsOptions>().BindConfiguration(CredentialsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Both are no-ops when the data set-up has registered them already (it persists the key ring in the database).
        builder.Services.AddDataProtection();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<IssuerKeyStore>();
        builder.Services.AddSingleton<CurrentIssuerKeyCache>();
        // Every absolute link starts with Credentials:PublicBaseUrl (PublicLinks), never the request's Host.
        builder.Services.AddSingleton<ReferralTraining.Web.Infrastructure.Web.PublicLinks>();
        return builder;
    }
}
