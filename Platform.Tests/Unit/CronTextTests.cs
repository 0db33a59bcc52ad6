using Platform.Web.Jobs;

namespace Platform.Tests.Unit;

public sealed class CronTextTests
{
    [Theory]
    [InlineData("0 0 2 15 1 ?", "Every year on 15 January at 02:00")]
    [InlineData("0 0 2 15 JAN ?", "Every year on 15 January at 02:00")]
    [InlineData("0 30 4 * * ?", "Every day at 04:30")]
    [InlineData("0 0 3 ? * MON", "Every Monday at 03:00")]
    [InlineData("0 0 3 ? * 1", "Every Sunday at 03:00")]
    [InlineData("0 0 6 1 * ?", "On day 1 of every month at 06:00")]
    [InlineData("0 0/15 * * * ?", "Every 15 minutes")]
    [InlineData("0 0 1 * * ? *", "Every day at 01:00")]
    [InlineData("0 0 9-17 * * ?", "Custom schedule")]
    [InlineData("0 0 3 ? * MON-FRI", "Custom schedule")]
    [InlineData("30 0 3 * * ?", "Custom schedule")]
    [InlineData("0 0 25 * * ?", "Custom schedule")]
    [InlineData("nonsense", "Custom schedule")]
    public void DescribesTheCommonShapesInWordsAndNothingItCannotRead(string cron, string words) =>
        CronText.Describe(cron).ShouldBe(words);
}
