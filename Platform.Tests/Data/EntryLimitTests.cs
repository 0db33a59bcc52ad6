using Platform.Core.Common;
using Platform.Core.Giving;
using Platform.Core.Tenancy;
using Platform.Data;
using Platform.Tests.Support;

namespace Platform.Tests.Data;

/// <summary>What people type is refused above its limit with a message for its field, never stored or thrown on.</summary>
public sealed class EntryLimitTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AJourneyStepWithTooLongANoteOrReasonIsRefusedWithAMessageForThatField(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        var gift = await w.GiveAsync(60m);
        await using var staff = w.Db.As(w.Charity, MembershipRole.Staff, [w.FieldOffice]);
        var journeys = staff.Get<JourneyService>();
        var tooLong = new string('x', JourneyStep.NoteMaxLength + 1);

        var note = await journeys.AdvanceAsync(gift.DonationId, new AdvanceInput(JourneyStage.Allocated, tooLong, null, null, null, w.Family));
        note.Errors["Note"].ShouldBe([$"Note must be at most {JourneyStep.NoteMaxLength} characters."]);
        (await journeys.AdvanceAsync(gift.DonationId, new AdvanceInput(JourneyStage.Allocated, "Matched", null, null, null, w.Family)))
            .Succeeded.ShouldBeTrue();

        var reason = await journeys.AdvanceAsync(gift.DonationId,
            new AdvanceInput(JourneyStage.Received, null, null, null, new string('x', JourneyStep.ReasonMaxLength + 1), null));
        reason.Errors["Reason"].ShouldBe([$"Reason must be at most {JourneyStep.ReasonMaxLength} characters."]);
        (await w.DonationAsync(gift.DonationId)).Stage.ShouldBe(JourneyStage.Allocated, "nothing moved back");
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AProgramGoalAboveTheLargestAmountAnyoneMayTypeIsRefusedWithAMessageForTheGoal(DatabaseProvider provider)
    {
        await using var w = await GivingWorld.CreateAsync(provider);
        await using var owner = w.Db.As(w.Charity, MembershipRole.Owner);
        var programs = owner.Get<ProgramService>();
        ProgramInput Goal(decimal goal) => new(w.FieldOffice, "Clean water", "Wells for villages.", goal, "USD", null, null);

        var huge = await programs.SaveProgramAsync(null, Goal(10_000_000_000_000_000_000_000m));

        huge.Status.Errors["GoalAmount"].ShouldBe(["The goal can be at most 1,000,000,000."]);
        (await programs.SaveProgramAsync(null, Goal(Money.MaxEntry))).Succeeded.ShouldBeTrue();
    }
}
