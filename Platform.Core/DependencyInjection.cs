using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Core.Access;
using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Core.Ledger;
using Platform.Core.Payments;
using Platform.Core.Payouts;
using Platform.Core.Reports;
using Platform.Core.Tenancy;

namespace Microsoft.Extensions.DependencyInjection;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Domain services. They need an IPlatformDbFactory, ITenantContext and messaging from the outer layers.</summary>
    public static IServiceCollection AddCoreServices(this IServiceCollection services)
    {
        services.AddScoped<OrganizationService>();
        services.AddScoped<OnboardingService>();
        services.AddScoped<LocationService>();
        services.AddScoped<TeamService>();
        services.AddScoped<MembershipDirectory>();
        services.AddScoped<TrialService>();
        services.AddScoped<OwnerMail>();
        services.AddScoped<StaffMail>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new GivingOptions());
        services.TryAddSingleton<EventBus>();
        services.TryAddSingleton<SimulatedGateway>();
        services.TryAddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<SimulatedGateway>());
        services.AddSingleton<LedgerService>();
        services.AddScoped<LedgerCheck>();
        services.AddScoped<GivingService>();
        services.AddSingleton<GiftWriter>();
        services.AddScoped<GiftBatch>();
        services.AddScoped<GiftReconciler>();
        services.AddScoped<JourneyService>();
        services.AddScoped<ProgramService>();
        services.AddScoped<GivingQueries>();
        services.TryAddSingleton<PublicCatalogue>();
        services.AddScoped<CharityDashboardQuery>();
        services.AddScoped<TaxStatementService>();
        services.AddScoped<RecurringGivingService>();
        services.TryAddSingleton(new PayoutOptions());
        services.AddScoped<PayoutService>();
        services.AddScoped<ReportBuilder>();
        services.AddScoped<ReportService>();
        return services;
    }
}
