using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;

namespace VambeFunctions.Storage;

/// <summary>Helpers for tables that may not exist yet on a fresh storage account.</summary>
public static class TableStorage
{
    /// <summary>Runs a table operation, creating the table and retrying once when it is missing.</summary>
    public static async Task<T> WithTableAsync<T>(TableClient table, Func<Task<T>> operation,
        CancellationToken cancellationToken)
    {
        try
        {
            return await operation();
        }
        catch (RequestFailedException e) when (e.ErrorCode == TableErrorCode.TableNotFound)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
            return await operation();
        }
    }
}
