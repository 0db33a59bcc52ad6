using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Platform.Core.Payments;
using Platform.Core.Access;
using Platform.Core.Audit;
using Platform.Core.Messaging;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Data.Identity;
using Platform.Web.Identity;
using Platform.Web.Messaging;
using Platform.Web.Nodes;
using Platform.Web.Payments;
using Platform.Web.Security;
using Platform.Web.Jobs;
using Platform.Web.Documents;
using Platform.Core.Documents;
using Platform.Core.Giving;
using MudBlazor.Services;
using Platform.Web.Observability;
using Platform.Web.PublicPages;

namespace Platform.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>Everything the host composes: data, domain, identity, portals, messaging.</summary>
    public static WebApplicationBuilder AddPlatformWeb(this WebApplicationBuilder builder)
    {
        // Package assets (MudBlazor's _content) come from the package folders in a build and from wwwroot/ when
        // published; the manifest that maps them is only read in Development unless asked for.
        Microsoft.AspNetCore.Hosting.StaticWebAssets.StaticWebAssetsLoader.UseStaticWebAssets(builder.Environment, builder.Configuration);
        // Say nothing about the server that answers.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddStartupTrace(); // first, so it marks the moment the server listens before anything else starts

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (Environment.GetEnvironmentVariable("PLATFORM_DB") is { Length: > 0 } fromEnvironment)
        {
            database.ConnectionString = fromEnvironment;
        }

        services.AddScoped<CurrentPrincipal>();
        services.AddScoped<ITenantContext, PrincipalTenantContext>();
        services.AddScoped<ICurrentActor, PrincipalActor>();
        services.AddScoped<CircuitHandler, PrincipalCircuitHandler>();
        services.AddPlatformData(database);
        services.AddCoreServices();
        services.AddEventsBetweenNodes(configuration);
        services.AddProxyHeaders(configuration);

        services.AddPlatformDataProtection(configuration);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationStateProvider>();
        services.AddHttpContextAccessor();

        var authentication = services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            });
        authentication.AddIdentityCookies();
        ExternalSignIn.AddPlatformGoogleSignIn(authentication, configuration);
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "platform.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the site is served over HTTPS
        });
        services.AddIdentityCore<PlatformUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = true;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Tokens.AuthenticatorTokenProvider = SingleUseAuthenticatorTokenProvider.Name;
            })
            .AddRoles<PlatformRole>()
            .AddEntityFrameworkStores<PlatformDbContext>()
            .AddSignInManager<PlatformSignInManager>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<SingleUseAuthenticatorTokenProvider>(SingleUseAuthenticatorTokenProvider.Name)
            .AddClaimsPrincipalFactory<PlatformClaimsFactory>();
        // Signing out, a password reset, a two-factor change or staff revoking sessions changes the account's security
        // stamp; every cookie and circuit issued before is refused within this interval (Identity's default is 30 minutes).
        var sessionCheck = TimeSpan.FromSeconds(configuration.GetValue("Identity:SessionCheckSeconds", 30));
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = sessionCheck;
            o.OnRefreshingPrincipal = Impersonation.KeepClaimsOnRefresh;
        });
        services.AddScoped<MagicLinkService>();
        services.AddScoped<AccountSessions>();
        services.AddScoped<AuthenticatorSteps>();
        services.AddScoped<PasskeyAccount>();
        services.Configure<IdentityPasskeyOptions>(o =>
        {
            // Every passkey is discoverable, so signing in needs no email address first; and always user-verified.
            o.ResidentKeyRequirement = "required";
            o.UserVerificationRequirement = "required";
            o.ServerDomain = configuration["Identity:PasskeyDomain"];
        });
        services.AddScoped<AccountEvents>();
        services.AddScoped<ExternalSignIn>();
        services.AddScoped<PortalMemory>();
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddPublicPageCache();
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddAccountRateLimits(configuration);

        services.AddAuthorizationBuilder()
            .AddPolicy(PortalPolicies.Admin, p => p.RequireRole(PlatformRoles.All.ToArray()))
            .AddPolicy(PortalPolicies.Merchant, p => p.RequireClaim(PlatformClaims.OrganizationId))
            .AddPolicy(PortalPolicies.MerchantManager, p => p.RequireClaim(PlatformClaims.Role,
                nameof(MembershipRole.Owner), nameof(MembershipRole.Manager)))
            .AddPolicy(PortalPolicies.Creator, p => p.RequireAuthenticatedUser())
            .AddPolicy(PortalPolicies.Donor, p => p.RequireAuthenticatedUser());

        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.AddSingleton<IEmailSender, SmtpEmailSender>();
        services.AddScoped<IMailer, RazorMailer>();
        services.AddScoped<RazorMailer>();
        services.AddSingleton<IAppLinks, AppLinks>();
        services.AddSingleton<RecurringLinkTokens>();
        services.AddSingleton<Outbox>();
        services.Configure<DocumentOptions>(configuration.GetSection(DocumentOptions.Section));
        services.AddSingleton<ChromiumPrinter>();
        services.AddScoped<DocumentRenderer>();
        services.AddScoped<IDocumentRenderer>(sp => sp.GetRequiredService<DocumentRenderer>());

        services.AddSingleton(configuration.GetSection(GivingOptions.Section).Get<GivingOptions>() ?? new GivingOptions());
        services.AddSingleton(configuration.GetSection(Platform.Core.Payouts.PayoutOptions.Section).Get<Platform.Core.Payouts.PayoutOptions>()
            ?? new Platform.Core.Payouts.PayoutOptions());
        services.Configure<GatewayOptions>(configuration.GetSection(GatewayOptions.Section));
        var webhookSecret = WebhookSecret.Resolve(configuration[$"{GatewayOptions.Section}:{nameof(GatewayOptions.WebhookSecret)}"],
            database.Provider, configuration[$"{GatewayOptions.Section}:WebhookSecretPath"] is { Length: > 0 } secretPath ? secretPath : WebhookSecret.DefaultPath);
        services.PostConfigure<GatewayOptions>(o => o.WebhookSecret = webhookSecret);
        if (configuration[$"{GatewayOptions.Section}:{nameof(GatewayOptions.JournalPath)}"] is { Length: > 0 } journal)
        {
            services.AddSingleton(new SimulatedGatewayJournal(journal));
        }
        services.AddHttpClient(nameof(SimulatedGatewayDispatcher));
        services.AddHostedService<SimulatedGatewayDispatcher>();

        services.AddPlatformJobs(configuration, database);
        services.AddPlatformMetrics();
        return builder;
    }

    /// <summary>Makes the request's user the scope's current principal (circuits get theirs from a circuit handler).</summary>
    public static IApplicationBuilder UsePlatformPrincipal(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.RequestServices.GetRequiredService<CurrentPrincipal>().User = context.User;
        return next(context);
    });
}
