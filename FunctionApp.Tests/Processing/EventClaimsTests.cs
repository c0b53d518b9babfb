using Microsoft.Extensions.Time.Testing;
using VambeFunctions.Processing;
using VambeFunctions.Storage;
using VambeFunctions.Tests.Infrastructure;

namespace VambeFunctions.Tests.Processing;

[Collection(AzuriteCollection.Name)]
public sealed class EventClaimsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly ProcessingOptions Options = new() { ClaimLeaseSeconds = 600, DedupRetentionDays = 30 };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 14, 0, 0, TimeSpan.Zero));
    private EventClaims _claims = null!;

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _claims = new EventClaims(new TableStorage(azurite.Tables), Microsoft.Extensions.Options.Options.Create(Options), _time);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task FirstClaim_Succeeds()
    {
        var outcome = await ClaimAsync("delivery-1");

        Assert.True(outcome.IsClaimed);
        Assert.Equal(1, outcome.Record.Attempts);
        Assert.Equal(EventStatus.Processing, outcome.Record.Status);
    }

    [Fact]
    public async Task LiveClaimOfAnotherDelivery_IsDuplicate()
    {
        await ClaimAsync("delivery-1");

        var outcome = await ClaimAsync("delivery-2");

        Assert.False(outcome.IsClaimed);
        Assert.Equal(DuplicateKind.ClaimedByAnotherDelivery, outcome.DuplicateKind);
    }

    [Fact]
    public async Task RedeliveryOfClaimingMessage_TakesOverWithNextAttempt()
    {
        await ClaimAsync("delivery-1");

        var outcome = await ClaimAsync("delivery-1", dequeueCount: 2);

        Assert.True(outcome.IsClaimed);
        Assert.Equal(2, outcome.Record.Attempts);
    }

    [Fact]
    public async Task SameDeliveryTwiceAtOnce_IsDuplicate()
    {
        await ClaimAsync("delivery-1", dequeueCount: 3);

        var outcome = await ClaimAsync("delivery-1", dequeueCount: 3);

        Assert.Equal(DuplicateKind.ClaimedByAnotherDelivery, outcome.DuplicateKind);
    }

    [Fact]
    public async Task ExpiredLease_IsTakenOverByAnotherDelivery()
    {
        await ClaimAsync("delivery-1");
        _time.Advance(TimeSpan.FromSeconds(Options.ClaimLeaseSeconds + 1));

        var outcome = await ClaimAsync("delivery-2");

        Assert.True(outcome.IsClaimed);
        Assert.Equal("delivery-2", outcome.Record.ClaimedBy);
    }

    [Fact]
    public async Task CompletedEvent_IsDuplicateEvenAfterLease()
    {
        var claim = await ClaimAsync("delivery-1");
        await _claims.CompleteAsync(claim.Record, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));

        var outcome = await ClaimAsync("delivery-1");

        Assert.Equal(DuplicateKind.Completed, outcome.DuplicateKind);
    }

    [Fact]
    public async Task CompletedEventPastRetention_IsClaimedAfresh()
    {
        var claim = await ClaimAsync("delivery-1");
        await _claims.CompleteAsync(claim.Record, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(Options.DedupRetentionDays + 1));

        var outcome = await ClaimAsync("delivery-2");

        Assert.True(outcome.IsClaimed);
        Assert.Equal(1, outcome.Record.Attempts);
    }

    [Fact]
    public async Task ConcurrentClaims_ExactlyOneWins()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => ClaimAsync($"delivery-{i}")));

        Assert.Single(outcomes, outcome => outcome.IsClaimed);
    }

    [Fact]
    public async Task RetentionCleanup_DeletesOnlyExpiredRows()
    {
        await _claims.TryClaimAsync("old-event", "ticket.created", "d-1", 1, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(Options.DedupRetentionDays + 1));
        await _claims.TryClaimAsync("new-event", "ticket.created", "d-2", 1, CancellationToken.None);
        var cleanup = new RetentionCleanup(new TableStorage(azurite.Tables), _time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RetentionCleanup>.Instance);

        var deleted = await cleanup.DeleteExpiredAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Null(await _claims.FindAsync("old-event", CancellationToken.None));
        Assert.NotNull(await _claims.FindAsync("new-event", CancellationToken.None));
    }

    [Fact]
    public async Task ClaimWhoseResponseWasLost_IsStillClaimed()
    {
        await azurite.Tables.CreateTableIfNotExistsAsync(TableNames.Events);
        var claims = ClaimsLosingFirstResponse("POST");

        var outcome = await claims.TryClaimAsync("ticket.created:abc", "ticket.created", "delivery-1", 1, CancellationToken.None);

        Assert.True(outcome.IsClaimed);
        Assert.Equal(1, outcome.Record.Attempts);
    }

    [Fact]
    public async Task TakeoverWhoseResponseWasLost_IsStillClaimed()
    {
        await ClaimAsync("delivery-1");
        _time.Advance(TimeSpan.FromSeconds(Options.ClaimLeaseSeconds + 1));
        var claims = ClaimsLosingFirstResponse("PUT");

        var outcome = await claims.TryClaimAsync("ticket.created:abc", "ticket.created", "delivery-2", 1, CancellationToken.None);

        Assert.True(outcome.IsClaimed);
        Assert.Equal("delivery-2", outcome.Record.ClaimedBy);
    }

    /// <summary>Claims through a table client whose first request of a method reaches storage but loses its response.</summary>
    private EventClaims ClaimsLosingFirstResponse(string method)
    {
        var options = new Azure.Data.Tables.TableClientOptions();
        options.AddPolicy(new LoseFirstResponsePolicy(method), Azure.Core.HttpPipelinePosition.PerRetry);
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var tables = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString, options);
        return new EventClaims(new TableStorage(tables), Microsoft.Extensions.Options.Options.Create(Options), _time);
    }

    private sealed class LoseFirstResponsePolicy(string method) : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private int _lost;

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Lose(message);
        }

        public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message,
            ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            Lose(message);
        }

        private void Lose(Azure.Core.HttpMessage message)
        {
            if (message.Request.Method.Method == method && message.Response.Status < 300 && Interlocked.Exchange(ref _lost, 1) == 0)
            {
                throw new IOException("The response was lost after the request reached storage.");
            }
        }
    }

    private Task<ClaimOutcome> ClaimAsync(string messageId, long dequeueCount = 1) =>
        _claims.TryClaimAsync("ticket.created:abc", "ticket.created", messageId, dequeueCount, CancellationToken.None);
}
