package dev.protoevents.examples;

import dev.protoevents.examples.shop.billing.Invoice;
import dev.protoevents.examples.shop.billing.InvoiceEmitter;
import dev.protoevents.examples.shop.orders.OrderEvent;
import dev.protoevents.examples.shop.orders.OrderProcessor;
import dev.protoevents.runtime.process.ProcessorContext;

/**
 * The billing service's processor: every completed order becomes an invoice. The {@code
 * InvoiceCreated} it emits and the offset of the {@code OrderCompleted} commit in one Kafka
 * transaction, so a crash never loses an invoice nor writes one twice.
 *
 * <pre>{@code
 * EventProcessor billing = OrderTopic.process(kafkaConfig, "billing", new BillingProcessor());
 * }</pre>
 */
public final class BillingProcessor implements OrderProcessor {

  @Override
  public void onCompleted(OrderEvent.Completed event, ProcessorContext context) {
    String orderId = event.orderCompleted().getOrderId();
    new InvoiceEmitter(context)
        .created(
            Invoice.newBuilder()
                .setId("inv-" + orderId) // one invoice per order
                .setOrderId(orderId)
                .setIssuedAt(event.orderCompleted().getCompletedAt())
                .build());
  }
}
