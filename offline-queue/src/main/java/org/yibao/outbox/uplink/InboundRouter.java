package org.yibao.outbox.uplink;

import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yibao.outbox.wire.AckBatch;
import org.yibao.outbox.wire.Topics;

/**
 * Paho's callbacks, translated into the worker's events: the only work done on Paho's threads.
 * Acks become {@link Event.AckArrived}, answers complete their {@link Requests}, commands go to
 * the terminal's handler (which must not block), and a retained message on the acks or responses
 * topic (kept on the broker by anyone who may publish there, not sent by the centre now) is ignored.
 */
final class InboundRouter implements MqttSession.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(InboundRouter.class);

    private final Topics topics;
    private final Requests requests;
    private final Consumer<byte[]> commandHandler;
    private final Consumer<Event> events;
    private final LastError errors;

    InboundRouter(Topics topics, Requests requests, Consumer<byte[]> commandHandler, Consumer<Event> events, LastError errors) {
        this.topics = topics;
        this.requests = requests;
        this.commandHandler = commandHandler;
        this.events = events;
        this.errors = errors;
    }

    @Override
    public void lost(int sessionGeneration, String cause) {
        events.accept(new Event.Lost(sessionGeneration, cause));
    }

    @Override
    public void error(String cause) {
        errors.record(cause);
    }

    @Override
    public void arrived(String topic, MqttMessage message) {
        if (message.isRetained() && (topic.equals(topics.acks()) || topic.equals(topics.responses()))) {
            errors.record("忽略了 " + topic + " 上的保留消息");
            LOG.warn("uplink: ignored a retained message on {}", topic);
            return;
        }
        if (topic.equals(topics.acks())) {
            AckBatch.Read read = AckBatch.read(message.getPayload());
            read.acks().forEach(ack -> events.accept(new Event.AckArrived(ack)));
            if (read.acks().isEmpty()) {
                errors.record("无法解读的确认报文（unreadable ack on " + topic + "）");
            } else if (read.unreadable() > 0) {
                errors.record("确认报文中有 " + read.unreadable() + " 条无法解读，其余 " + read.acks().size() + " 条已处理（unreadable acks on " + topic + "）");
                LOG.warn("uplink: {} of the answers on {} unreadable, {} taken", read.unreadable(), topic, read.acks().size());
            }
        } else if (topic.equals(topics.responses())) {
            requests.answer(message);
        } else if (topic.equals(topics.commands()) || topic.equals(topics.areaCommands())) {
            try {
                commandHandler.accept(message.getPayload());
            } catch (RuntimeException e) {
                errors.record("处理中心命令出错（" + e + "）");
            }
        }
    }
}
