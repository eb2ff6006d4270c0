using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ReferralTraining.Web.Features.Sso;

public static class SsoExtensions
{
    public static WebApplicationBuilder AddSso(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SsoOptions>().BindConfiguration(SsoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SsoSchemes>();
        builder.Services.AddScoped<SsoDirectory>();
        builder.Services.AddScoped<SsoSignIn>();
        builder.Services.AddScoped<SsoOidcEvents>();
        builder.Services.AddScoped<SsoConnectionTester>();
        // "Test connection" follows no redirect: only the issuer the form accepts is ever fetched.
        builder.Services.AddHttpClient(SsoConnectionTester.HttpClientName, client => client.Timeout = SsoConnectionTester.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        builder.Services.AddHttpClient(SsoOidcOptionsSetup.HttpClientName, (services, client) =>
            client.Timeout = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<SsoOptions>>().Value.BackchannelTimeoutSeconds));
        // The handler's own post-configuration (state and nonce protection, validation defaults) without adding a fixed
        // scheme: schemes are added per organization at run time (ADR-029).
        builder.Services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, SsoOidcOptionsSetup>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        return builder;
    }

    /// <summary>Before UseAuthentication: callbacks find their organization's scheme on any instance.</summary>
    public static IApplicationBuilder UseSsoCallbacks(this IApplicationBuilder app) => SsoSchemes.UseSsoCallbacks(app);
}
