using Platform.Core.Common;
using Platform.Core.Giving;

namespace Platform.Tests.Unit;

public sealed class StatusNamesTests
{
    [Fact]
    public void StatusesAreNamedInWordsWithOnlyTheFirstCapital()
    {
        StatusNames.Of(DonationStatus.PartiallyRefunded).ShouldBe("Partially refunded");
        StatusNames.Of(DonationStatus.Succeeded).ShouldBe("Succeeded");
        StatusNames.InSentence(RecurringStatus.Suspended).ShouldBe("suspended");
        StatusNames.Of(JourneyStage.InTransit).ShouldBe(JourneyStage.InTransit.Label());
    }
}
