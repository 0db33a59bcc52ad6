using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Core.Jobs;

namespace Platform.Data.Configurations;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("JobRuns");
        b.Property(r => r.JobKey).HasMaxLength(JobRun.KeyMaxLength);
        b.Property(r => r.Trigger).HasMaxLength(200);
        b.Property(r => r.Node).HasMaxLength(200);
        b.Property(r => r.Parameters).HasMaxLength(400);
        b.Property(r => r.CorrelationId).HasMaxLength(32);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Error).HasMaxLength(JobRun.ErrorMaxLength);
        b.Property(r => r.ErrorStack).HasMaxLength(JobRun.StackMaxLength);
        b.Property(r => r.Log).HasMaxLength(JobRun.LogMaxLength);
        b.HasIndex(r => new { r.JobKey, r.StartedAt });
        b.HasIndex(r => r.StartedAt);
        b.HasIndex(r => new { r.OrganizationId, r.StartedAt });
    }
}

internal sealed class JobScheduleConfiguration : IEntityTypeConfiguration<JobSchedule>
{
    public void Configure(EntityTypeBuilder<JobSchedule> b)
    {
        b.ToTable("JobSchedules");
        b.Property(s => s.JobKey).HasMaxLength(JobRun.KeyMaxLength);
        b.Property(s => s.Cron).HasMaxLength(JobSchedule.CronMaxLength);
        b.Property(s => s.TimeZone).HasMaxLength(JobSchedule.TimeZoneMaxLength);
        b.Property(s => s.PausedBecause).HasMaxLength(JobSchedule.ReasonMaxLength);
        b.Property(s => s.ChangedBy).HasMaxLength(JobSchedule.ChangedByMaxLength);
        b.HasIndex(s => s.JobKey).IsUnique();
    }
}
