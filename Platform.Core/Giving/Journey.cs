using Platform.Core.Common;
using Platform.Core.Tenancy;

namespace Platform.Core.Giving;

/// <summary>Where a gift is on its way to the family it helps, in order.</summary>
public enum JourneyStage
{
    Received = 0,
    Allocated = 1,
    Purchased = 2,
    InTransit = 3,
    Delivered = 4,
    Confirmed = 5,
}

/// <summary>One recorded step of a donation's journey: who moved it, when, with what note, place and photo.</summary>
public sealed class JourneyStep : Entity, ITenantOwned, ILocationScoped
{
    public const int NoteMaxLength = 1000;
    public const int PlaceMaxLength = 200;
    public const int PhotoUrlMaxLength = 400;
    public const int ReasonMaxLength = 1000;

    private JourneyStep()
    {
    }

    public JourneyStep(Donation donation, JourneyStage stage, string? note, string? place, Guid? photoId, string? reason,
        Guid? byUserId, DateTimeOffset at)
    {
        OrganizationId = donation.OrganizationId;
        LocationId = donation.LocationId;
        DonationId = donation.Id;
        Stage = stage;
        Note = note;
        Place = place;
        PhotoId = photoId;
        Reason = reason;
        ByUserId = byUserId;
        At = at;
    }

    public Guid OrganizationId { get; private set; }
    public Guid LocationId { get; private set; }
    public Guid DonationId { get; private set; }
    public JourneyStage Stage { get; private set; }
    public string? Note { get; private set; }
    public string? Place { get; private set; }

    /// <summary>An uploaded photo (a <see cref="Documents.StoredDocument"/>); served only to the gift's donor and the charity.</summary>
    public Guid? PhotoId { get; private set; }

    /// <summary>A photo given as a link, on steps recorded before photos were uploaded; kept so they still show.</summary>
    public string? PhotoUrl { get; private set; }

    /// <summary>Why the journey went backwards; required then, empty otherwise.</summary>
    public string? Reason { get; private set; }
    public Guid? ByUserId { get; private set; }
    public DateTimeOffset At { get; private set; }
}

public static class JourneyStages
{
    /// <summary>
    /// The stages at which a gift has reached its family. A set rather than <c>&gt;=</c>: stages are stored by name,
    /// and names do not sort in journey order.
    /// </summary>
    public static readonly JourneyStage[] ReachedFamily = [JourneyStage.Delivered, JourneyStage.Confirmed];

    public static string Label(this JourneyStage stage) => stage switch
    {
        JourneyStage.InTransit => "In transit",
        _ => stage.ToString(),
    };
}
