using Platform.Core.Common;

namespace Platform.Tests.Unit;

public sealed class CsvTests
{
    [Fact]
    public void QuotesWhatNeedsQuotingAndDefusesFormulas() =>
        Csv.Write(["Name", "Amount", "Note"], [["Smith, Jo", 12.5m, "said \"hi\""], ["=HYPERLINK(\"x\")", -3m, null]])
            .ShouldBe("Name,Amount,Note\r\n\"Smith, Jo\",12.5,\"said \"\"hi\"\"\"\r\n\"'=HYPERLINK(\"\"x\"\")\",-3,\r\n");

    [Theory]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1")]
    [InlineData("\r=1")]
    public void ATextCellThatASpreadsheetWouldRunAsAFormulaOpensAsText(string cell) =>
        Csv.Write(["Note"], [[cell]]).Split("\r\n", 2)[1].TrimStart('"').ShouldStartWith("'" + cell[0]);

    [Fact]
    public void NumbersAndDatesAreWrittenInTheInvariantCultureAndNegativeNumbersAreNotDefused() =>
        Csv.Write(["Amount", "Count", "Day"], [[-1234.50m, 7, "2026-11-22"]])
            .ShouldBe("Amount,Count,Day\r\n-1234.50,7,2026-11-22\r\n");
}
