using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace VambeFunctions.Storage;

/// <summary>
/// Hands out table clients, creating each table on its first use in this process, so the app
/// works on a fresh storage account. A failed creation is tried again on the next use.
/// </summary>
public sealed class TableStorage(TableServiceClient tables)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _created = new(StringComparer.Ordinal);

    public async Task<TableClient> GetTableAsync(string name, CancellationToken cancellationToken)
    {
        var creation = _created.GetOrAdd(name, _ => new Lazy<Task<TableClient>>(() => CreateAsync(name)));
        try
        {
            return await creation.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (creation.Value.IsFaulted)
        {
            _created.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(name, creation));
            throw;
        }
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        var table = tables.GetTableClient(name);
        await table.CreateIfNotExistsAsync();
        return table;
    }
}
