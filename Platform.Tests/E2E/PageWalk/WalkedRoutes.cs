using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Core.Giving;
using Platform.Core.Messaging;
using Platform.Data.Identity;
using Platform.Tests.Support;

namespace Platform.Tests.E2E.PageWalk;

/// <summary>A page the app maps, as its endpoint says: its template, the component, and who it lets in.</summary>
public sealed record WalkedRoute(string Template, Type Component, AuthorizationPolicy? Policy)
{
    public bool IsPublic => Policy is null;

    /// <summary>Pages kept out of interactive routing (the account pages, one-click links) have no circuit to wait for.</summary>
    public bool IsStatic => Component.IsDefined(typeof(ExcludeFromInteractiveRoutingAttribute), inherit: true);

    public override string ToString() => Template;
}

/// <summary>
/// Every Razor page the running app maps, read from its endpoint data source (so a new page is walked without touching
/// the walk), and the concrete address of each: routes with parameters get ids the demo seed created.
/// </summary>
public static class WalkedRoutes
{
    /// <summary>The page whose whole purpose is "something went wrong": the walk fails on that text everywhere else.</summary>
    public const string ErrorPage = "/Error";

    public static async Task<IReadOnlyList<WalkedRoute>> ReadAsync(IServiceProvider services)
    {
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var routes = new List<WalkedRoute>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not { } component || endpoint.RoutePattern.RawText is not { } template)
            {
                continue;
            }
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            var policy = authorize.Count == 0 || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                ? null
                : await AuthorizationPolicy.CombineAsync(policies, authorize);
            routes.Add(new WalkedRoute(template.StartsWith('/') ? template : "/" + template, component.Type, policy));
        }
        return routes.DistinctBy(r => r.Template).OrderBy(r => r.Template, StringComparer.Ordinal).ToList();
    }

    /// <summary>The address to open and the values put into it; null for a template the walk has no ids for (a failure).</summary>
    public static async Task<(string Url, IReadOnlyDictionary<string, string> Values)?> AddressAsync(IServiceProvider services, WalkedRoute route)
    {
        var ids = await SeedIds.ReadAsync(services);
        Dictionary<string, string> Values(params (string Name, object Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value.ToString()!);
        (string, IReadOnlyDictionary<string, string>)? At(string url, Dictionary<string, string> values) => (url, values);
        return route.Template switch
        {
            "/admin/jobs/runs/{Id:guid}" => At($"/admin/jobs/runs/{ids.JobRun}", Values(("Id", ids.JobRun))),
            "/admin/organizations/{Id:guid}" => At($"/admin/organizations/{ids.Charity}", Values(("Id", ids.Charity))),
            "/admin/users/{Id:guid}" => At($"/admin/users/{ids.Donor}", Values(("Id", ids.Donor))),
            "/charities/{Slug}" => At($"/charities/{ids.CharitySlug}", Values(("Slug", ids.CharitySlug))),
            "/donor/donations/{Id:guid}" => At($"/donor/donations/{ids.DonorGift}", Values(("Id", ids.DonorGift))),
            "/merchant/donations/{Id:guid}" => At($"/merchant/donations/{ids.DonorGift}", Values(("Id", ids.DonorGift))),
            "/give/thanks/{DonationId:guid}" => At($"/give/thanks/{ids.DonorGift}?key={Uri.EscapeDataString(ids.DonorGiftKey)}",
                Values(("DonationId", ids.DonorGift))),
            "/give/{ProgramId:guid}" => At($"/give/{ids.Program}", Values(("ProgramId", ids.Program))),
            "/programs/{Id:guid}" => At($"/programs/{ids.Program}", Values(("Id", ids.Program))),
            "/recurring" => At(new Uri(services.GetRequiredService<IAppLinks>().RecurringAction(ids.MonthlyGift, RecurringAction.Pause)).PathAndQuery,
                Values()),
            _ when route.Template.Contains('{') => null,
            _ => At(route.Template, Values()),
        };
    }

    private sealed record SeedIds(Guid JobRun, Guid Charity, string CharitySlug, Guid Donor, Guid DonorGift, string DonorGiftKey, Guid Program,
        Guid MonthlyGift)
    {
        private static SeedIds? _read;

        public static async Task<SeedIds> ReadAsync(IServiceProvider services)
        {
            if (_read is { } read)
            {
                return read;
            }
            await using var scope = services.CreateAsyncScope();
            var donor = (await scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync("donor@example.test"))!.Id;
            return _read = await services.ReadAllAsync(async db =>
            {
                var charity = await db.Organizations.SingleAsync(o => o.Slug == "open-hands");
                var gift = await db.Donations.Where(d => d.DonorUserId == donor).OrderBy(d => d.Id).FirstAsync();
                return new SeedIds(
                    await db.JobRuns.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync(),
                    charity.Id, charity.Slug, donor,
                    gift.Id, gift.IdempotencyKey,
                    await db.Programs.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(),
                    await db.RecurringGifts.Where(r => r.DonorUserId == donor).Select(r => r.Id).FirstAsync());
            });
        }
    }
}
