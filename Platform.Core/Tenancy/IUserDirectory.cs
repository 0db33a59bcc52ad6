using Platform.Core.Common;

namespace Platform.Core.Tenancy;

public sealed record UserSummary(Guid Id, string Email, string DisplayName, bool EmailConfirmed);

/// <summary>What Core needs to know about accounts, which the identity store owns.</summary>
public interface IUserDirectory
{
    Task<IReadOnlyDictionary<Guid, UserSummary>> GetAsync(IEnumerable<Guid> userIds, CancellationToken cancellationToken = default);

    Task<UserSummary?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>The accounts holding a platform role (staff).</summary>
    Task<IReadOnlyList<UserSummary>> InRoleAsync(string role, CancellationToken cancellationToken = default);
}
